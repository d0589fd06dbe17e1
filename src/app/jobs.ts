import { fixedClock } from '../clock';
import { addDays } from '../domain/dates';
import { dayIn } from '../domain/time-zone';
import { TendError } from '../errors';
import { isJobName, JOB_NAMES, type JobDefinition, jobDefinitions } from '../jobs/definitions';
import { runSlot, type SlotOutcome } from '../jobs/run-slot';
import { pruneRuns } from '../store/job-runs';
import { pruneUsage } from '../store/usage-retention';
import { runEscalateJob } from './alert-escalation';
import { runRiskJob } from './alerts';
import type { AppContext } from './context';
import { runDigestJob } from './digests';
import { runRenewalJob } from './renewal-reminders';

/** Every scheduled job with its use case; the scheduler and `tend jobs run` share these. */
export function allJobs(): JobDefinition[] {
  return jobDefinitions({
    risk: async (ctx) => {
      // Housekeeping rides on the hourly risk run. The per-minute digest job adds 1,440
      // job_runs rows a day: keep 30 days. Raw usage goes after retention.usageDays (privacy).
      const now = ctx.clock.now();
      await pruneRuns(ctx.db, new Date(now.getTime() - 30 * 86_400_000));
      const today = dayIn(now, ctx.config.settings.timezone);
      await pruneUsage(ctx.db, addDays(today, -ctx.config.settings.retention.usageDays));
      return runRiskJob(ctx);
    },
    renewals: (ctx) => runRenewalJob(ctx),
    digest: (ctx, slot) => runDigestJob(ctx, slot),
    escalate: (ctx) => runEscalateJob(ctx),
  });
}

export interface ManualRun {
  job: string;
  slot: Date;
  outcome: SlotOutcome;
}

/**
 * `tend jobs run <job> [--at]`: the job's slot at that instant, through the same claim as the
 * scheduler, so a slot run by hand is not run again by a replica (and the other way round).
 * The job sees the clock at `at`, so a past or future day can be run on purpose.
 */
export async function runJobByHand(
  ctx: AppContext,
  name: string,
  at: Date | undefined,
  instance: string,
): Promise<ManualRun> {
  if (!isJobName(name)) {
    throw new TendError(
      'unknown_job',
      `unknown job '${name}' (one of: ${JOB_NAMES.join(', ')})`,
      2,
    );
  }
  const job = allJobs().find((j) => j.name === name) as JobDefinition;
  const jobCtx = at ? { ...ctx, clock: fixedClock(at) } : ctx;
  const slot = job.latestSlot(jobCtx, jobCtx.clock.now());
  if (!slot) throw new TendError('no_slot', `job ${name} has no slot at that time`);
  return { job: name, slot, outcome: await runSlot(jobCtx, job, slot, instance) };
}
