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
import { escalateLoops, openSurveyLoops } from './survey-loops';

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
      const risk = await runRiskJob(ctx);
      // Survey loops open here too, for answers that arrived without an import (a replica
      // that was down, a direct database load).
      const loops = await openSurveyLoops(ctx);
      return { ...risk, loops: loops.opened, messages: risk.messages + loops.messages };
    },
    renewals: (ctx) => runRenewalJob(ctx),
    digest: (ctx, slot, mode) => runDigestJob(ctx, slot, mode),
    escalate: async (ctx) => {
      const alerts = await runEscalateJob(ctx);
      const loops = await escalateLoops(ctx);
      return {
        ...alerts,
        loops: loops.escalated,
        messages: alerts.messages + loops.messages,
      };
    },
  });
}

export interface ManualRun {
  job: string;
  slot: Date;
  outcome: SlotOutcome;
  /** Run now, outside the schedule (not the slot of a given instant). */
  manual?: boolean;
}

function jobNamed(name: string): JobDefinition {
  if (!isJobName(name)) {
    throw new TendError(
      'unknown_job',
      `unknown job '${name}' (one of: ${JOB_NAMES.join(', ')})`,
      2,
    );
  }
  return allJobs().find((j) => j.name === name) as JobDefinition;
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
  const job = jobNamed(name);
  const jobCtx = at ? { ...ctx, clock: fixedClock(at) } : ctx;
  const slot = job.latestSlot(jobCtx, jobCtx.clock.now());
  if (!slot) throw new TendError('no_slot', `job ${name} has no slot at that time`);
  return { job: name, slot, outcome: await runSlot(jobCtx, job, slot, instance) };
}

/** How far a manual run's key (the instant of the click) may lie from the server's clock. */
const KEY_SKEW_MS = 10 * 60_000;

/**
 * "Run it now" (the local workspace's buttons, `tend jobs run <job>` without `--at`): a real
 * run that is not the scheduled slot, so it runs even when the scheduler has just claimed the
 * current one. Its claim is (`<job>:manual`, key): the key is the instant the person asked
 * (the page sends its click time), so a request retried or sent twice runs once across
 * replicas, and a later click runs again.
 */
export async function runJobNow(
  ctx: AppContext,
  name: string,
  instance: string,
  key?: Date,
): Promise<ManualRun> {
  const job = jobNamed(name);
  const now = ctx.clock.now();
  if (key && Math.abs(key.getTime() - now.getTime()) > KEY_SKEW_MS) {
    throw new TendError(
      'bad_key',
      'the run key must be the time of the request (within 10 minutes)',
      2,
    );
  }
  const slot = key ?? now;
  return {
    job: name,
    slot,
    manual: true,
    outcome: await runSlot(ctx, job, slot, instance, 'manual'),
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const num = (summary: Record<string, unknown>, key: string) =>
  typeof summary[key] === 'number' ? (summary[key] as number) : 0;

/**
 * What a run did, in words a person reads in a toast or a terminal ("2 new alerts, 3
 * messages sent; 14 alerts still open"). `sent` is how the messages left: the page delivers
 * them at once, the CLI leaves them to the running service's worker.
 */
export function describeRun(name: string, summary: unknown, sent = 'sent'): string {
  if (!summary || typeof summary !== 'object') return 'done';
  const s = summary as Record<string, unknown>;
  const messages = `${plural(num(s, 'messages'), 'message')} ${sent}`;
  switch (name) {
    case 'risk':
      return `${plural(num(s, 'accounts'), 'account')} checked, ${plural(num(s, 'fired'), 'new alert')}${num(s, 'loops') > 0 ? `, ${plural(num(s, 'loops'), 'new survey loop')}` : ''}, ${messages}; ${plural(num(s, 'continuing'), 'alert')} already open`;
    case 'renewals':
      return `${plural(num(s, 'candidates'), 'renewal')} in the reminder windows, ${plural(num(s, 'reminders'), 'new reminder')}, ${messages}`;
    case 'digest':
      return num(s, 'subscriptions') === 0
        ? 'no channel subscribes to digests (/cs subscribe digest in a channel)'
        : `${plural(num(s, 'digests'), 'digest')} for ${plural(num(s, 'subscriptions'), 'subscription')}, ${messages}`;
    case 'escalate':
      return `${plural(num(s, 'escalated'), 'alert')} escalated${num(s, 'loops') > 0 ? `, ${plural(num(s, 'loops'), 'survey loop')} escalated` : ''}, ${messages}${typeof s.note === 'string' ? ` (${s.note})` : ''}`;
    default:
      return JSON.stringify(summary);
  }
}
