import cron from 'node-cron';
import type { AppContext } from '../app/context';
import type { JobDefinition } from './definitions';
import { runSlot, type SlotOutcome } from './run-slot';

/** A slot found a little late (a slow tick) still runs even with catch-up set to 0. */
const GRACE_MS = 5 * 60_000;

export interface Scheduler {
  /** One pass over every job, as a cron tick does; returns what each job did. */
  tick(): Promise<Record<string, SlotOutcome | { skipped: string }>>;
  stop(): Promise<void>;
}

/**
 * node-cron only says "a minute passed"; Postgres decides who runs what. Each tick looks at
 * every job's latest slot: if it lies within jobs.catchUpHours (so after downtime the missed
 * slot is caught up, once: older ones are superseded by it) and nobody claimed it, run it.
 */
export function createScheduler(
  ctx: AppContext,
  jobs: JobDefinition[],
  options: { instance: string; cron?: boolean },
): Scheduler {
  let running: Promise<unknown> | null = null;
  let stopped = false;

  async function tick() {
    const now = ctx.clock.now();
    const window = Math.max(GRACE_MS, ctx.config.settings.jobs.catchUpHours * 3_600_000);
    const out: Record<string, SlotOutcome | { skipped: string }> = {};
    for (const job of jobs) {
      if (stopped) break;
      const slot = job.latestSlot(ctx, now);
      if (!slot) {
        out[job.name] = { skipped: 'no slot' };
      } else if (now.getTime() - slot.getTime() > window) {
        out[job.name] = { skipped: `slot ${slot.toISOString()} is older than the catch-up window` };
      } else {
        out[job.name] = await runSlot(ctx, job, slot, options.instance);
      }
    }
    return out;
  }

  const guarded = async () => {
    if (running || stopped) return;
    running = tick().catch((error) => ctx.log.error({ err: error }, 'scheduler tick failed'));
    await running;
    running = null;
  };
  const task =
    options.cron === false
      ? null
      : cron.schedule('* * * * *', guarded, {
          name: `tend-jobs-${options.instance}`,
          noOverlap: true,
        });
  // Catch up at start rather than waiting for the first minute to turn.
  if (task) setTimeout(guarded, 1000).unref();

  return {
    tick,
    async stop() {
      stopped = true;
      await task?.stop();
      await task?.destroy?.();
      await running;
    },
  };
}
