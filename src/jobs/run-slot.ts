import type { AppContext } from '../app/context';
import { claimSlot, finishRun } from '../store/job-runs';
import type { JobDefinition, JobMode } from './definitions';

export type SlotOutcome =
  | { ran: true; summary: unknown }
  | { ran: true; error: string }
  | { ran: false };

/**
 * Runs one slot of a job if this caller wins the claim (an insert into job_runs that only one
 * replica can make). The outcome, good or bad, is written back to the same row. A manual run
 * claims under its own name (`risk:manual`), so it neither takes nor is blocked by the
 * scheduled slot; its slot is the instant of the request, which also makes it its key.
 */
export async function runSlot(
  ctx: AppContext,
  job: JobDefinition,
  slot: Date,
  instance: string,
  mode: JobMode = 'scheduled',
): Promise<SlotOutcome> {
  const claim = mode === 'manual' ? `${job.name}:manual` : job.name;
  if (!(await claimSlot(ctx.db, claim, slot, instance, ctx.clock.now()))) return { ran: false };
  try {
    const summary = await job.run(ctx, slot, mode);
    await finishRun(ctx.db, claim, slot, ctx.clock.now(), { summary });
    return { ran: true, summary };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.error({ err: error, job: claim, slot }, 'job failed');
    await finishRun(ctx.db, claim, slot, ctx.clock.now(), { error: message });
    return { ran: true, error: message };
  }
}
