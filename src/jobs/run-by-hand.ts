import type { AppContext } from '../app/context';
import { fixedClock } from '../clock';
import { TendError } from '../errors';
import { jobNamed } from './definitions';
import { runSlot, type SlotOutcome } from './run-slot';

export interface ManualRun {
  job: string;
  slot: Date;
  outcome: SlotOutcome;
  /** Run now, outside the schedule (not the slot of a given instant). */
  manual?: boolean;
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
    case 'signals':
      return `${plural(num(s, 'checked'), 'account')} with new data checked, ${plural(num(s, 'fired'), 'new alert')}, ${messages}`;
    case 'renewals':
      return `${plural(num(s, 'candidates'), 'renewal')} in the reminder windows, ${plural(num(s, 'reminders'), 'new reminder')}, ${messages}`;
    case 'digest':
      return num(s, 'subscriptions') === 0
        ? 'no channel subscribes to digests (/cs subscribe digest in a channel)'
        : `${plural(num(s, 'digests'), 'digest')} for ${plural(num(s, 'subscriptions'), 'subscription')}${num(s, 'metricsDigests') > 0 ? `, ${plural(num(s, 'metricsDigests'), 'metrics card')}` : ''}, ${messages}`;
    case 'escalate':
      return `${plural(num(s, 'escalated'), 'alert')} escalated${num(s, 'loops') > 0 ? `, ${plural(num(s, 'loops'), 'survey loop')} escalated` : ''}, ${messages}${typeof s.note === 'string' ? ` (${s.note})` : ''}${reminded(s)}`;
    case 'playbooks':
      return `${plural(num(s, 'candidates'), 'occurrence')} not started yet, ${plural(num(s, 'started'), 'playbook')} started, ${messages}`;
    case 'hubspot':
      return `${plural(num(s, 'read'), 'company', 'companies')} read, ${plural(num(s, 'written'), 'account')} changed, ${num(s, 'rejected')} not stored`;
    default:
      return JSON.stringify(summary);
  }
}

/** ", 2 reminders sent" when the escalation slot also reminded people of alerts. */
function reminded(s: Record<string, unknown>): string {
  const r = s.reminders as { reminded?: unknown } | undefined;
  const n = typeof r?.reminded === 'number' ? r.reminded : 0;
  return n > 0 ? `, ${plural(n, 'reminder')} sent` : '';
}
