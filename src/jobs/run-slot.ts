import type { AppContext } from '../app/context';
import type { JobMode } from '../domain/schedule';
import { type ClaimRules, claimSlot, finishRun } from '../store/job-runs';
import type { JobDefinition } from './definitions';

export type SlotOutcome =
  | { ran: true; summary: unknown; attempt?: number }
  | { ran: true; error: string; attempt?: number }
  | { ran: false };

/** Lease and retry times from settings.jobs (minutes there, milliseconds here). */
export function claimRules(ctx: AppContext): ClaimRules {
  const jobs = ctx.config.settings.jobs;
  return {
    leaseMs: jobs.leaseMinutes * 60_000,
    retryBaseMs: jobs.retryMinutes * 60_000,
    retryMaxMs: 60 * 60_000,
  };
}

/**
 * Runs one slot of a job if this caller wins the claim (see claimSlot: a new slot, one whose
 * runner's lease ran out, or a failed one whose backoff passed). The outcome, good or bad, is
 * written back to the same row while the claim still holds.
 * A manual run claims under its own name (`risk:manual`), so it neither takes nor is blocked by
 * the scheduled slot; its slot is the instant of the request, which also makes it its key.
 */
export async function runSlot(
  ctx: AppContext,
  job: JobDefinition,
  slot: Date,
  instance: string,
  mode: JobMode = 'scheduled',
): Promise<SlotOutcome> {
  const name = mode === 'manual' ? `${job.name}:manual` : job.name;
  const claim = await claimSlot(ctx.db, name, slot, instance, claimRules(ctx));
  if (!claim) return { ran: false };
  const again = claim.attempt > 1 ? { attempt: claim.attempt } : {};
  try {
    const summary = await job.run(ctx, slot, mode);
    await recordOutcome(ctx, claim, { summary });
    return { ran: true, summary, ...again };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.error({ err: error, job: name, slot, attempt: claim.attempt }, 'job failed');
    await recordOutcome(ctx, claim, { error: message });
    return { ran: true, error: message, ...again };
  }
}

async function recordOutcome(
  ctx: AppContext,
  claim: Parameters<typeof finishRun>[1],
  outcome: Parameters<typeof finishRun>[2],
): Promise<void> {
  if (!(await finishRun(ctx.db, claim, outcome))) {
    ctx.log.warn(
      { job: claim.job, slot: claim.slot },
      'job outlived its lease and another replica took the slot over; its outcome is not recorded',
    );
  }
}
