import type { AppContext } from '../app/context';
import { fixedClock } from '../clock';
import type { Msg } from '../domain/locale';
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
  if (!slot) {
    throw new TendError('no_slot', `job ${name} has no slot at that time`, 1, {
      key: 'job.noSlot',
      params: { name },
    });
  }
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
      { key: 'job.badKey' },
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

const num = (summary: Record<string, unknown>, key: string) =>
  typeof summary[key] === 'number' ? (summary[key] as number) : 0;

/**
 * What a run did, as a catalog message a person reads in a toast or a terminal ("2 new
 * alerts, 3 messages sent; 14 alerts still open"). `sent` is how the messages left: the page
 * delivers them at once, the CLI leaves them to the running service's worker.
 */
export function describeRun(name: string, summary: unknown, sent = 'sent'): Msg {
  if (!summary || typeof summary !== 'object') return { key: 'job.done' };
  const s = summary as Record<string, unknown>;
  const n = (key: string) => num(s, key);
  const messages = { messagesN: n('messages'), sent };
  switch (name) {
    case 'risk':
      return {
        key: 'job.ran.risk',
        params: {
          ...messages,
          accountsN: n('accounts'),
          firedN: n('fired'),
          loopsN: n('loops'),
          continuingN: n('continuing'),
        },
      };
    case 'signals':
      return {
        key: 'job.ran.signals',
        params: { ...messages, accountsN: n('checked'), firedN: n('fired') },
      };
    case 'renewals':
      return {
        key: 'job.ran.renewals',
        params: { ...messages, candidatesN: n('candidates'), remindersN: n('reminders') },
      };
    case 'digest':
      if (n('subscriptions') === 0) return { key: 'job.ran.digestNone' };
      return {
        key: 'job.ran.digest',
        params: {
          ...messages,
          digestsN: n('digests'),
          subscriptionsN: n('subscriptions'),
          metricsN: n('metricsDigests'),
        },
      };
    case 'escalate':
      return {
        key: 'job.ran.escalate',
        params: {
          ...messages,
          escalatedN: n('escalated'),
          loopsN: n('loops'),
          note: typeof s.note === 'string' ? s.note : 'none',
          remindersN: reminded(s),
        },
      };
    case 'playbooks':
      return {
        key: 'job.ran.playbooks',
        params: { ...messages, candidatesN: n('candidates'), startedN: n('started') },
      };
    case 'hubspot':
      return {
        key: 'job.ran.hubspot',
        params: { readN: n('read'), writtenN: n('written'), rejectedN: n('rejected') },
      };
    default:
      return { key: 'job.ran.other', params: { summary: JSON.stringify(summary) } };
  }
}

/** How many people the escalation slot also reminded of their alerts. */
function reminded(s: Record<string, unknown>): number {
  const r = s.reminders as { reminded?: unknown } | undefined;
  return typeof r?.reminded === 'number' ? r.reminded : 0;
}
