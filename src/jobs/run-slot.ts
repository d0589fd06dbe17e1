import type { AppContext } from '../app/context';
import { claimSlot, finishRun } from '../store/job-runs';
import type { JobDefinition } from './definitions';

export type SlotOutcome =
  | { ran: true; summary: unknown }
  | { ran: true; error: string }
  | { ran: false };

/**
 * Runs one slot of a job if this caller wins the claim (an insert into job_runs that only one
 * replica can make). The outcome, good or bad, is written back to the same row.
 */
export async function runSlot(
  ctx: AppContext,
  job: JobDefinition,
  slot: Date,
  instance: string,
): Promise<SlotOutcome> {
  if (!(await claimSlot(ctx.db, job.name, slot, instance, ctx.clock.now()))) return { ran: false };
  try {
    const summary = await job.run(ctx, slot);
    await finishRun(ctx.db, job.name, slot, ctx.clock.now(), { summary });
    return { ran: true, summary };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.error({ err: error, job: job.name, slot }, 'job failed');
    await finishRun(ctx.db, job.name, slot, ctx.clock.now(), { error: message });
    return { ran: true, error: message };
  }
}
