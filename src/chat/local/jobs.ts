import { hostname } from 'node:os';
import type { AppContext } from '../../app/context';
import { tm } from '../../cards/i18n/t';
import { describeRun, runJobNow } from '../../jobs/run-by-hand';
import type { LocalJobName, LocalJobRunner } from './workspace';

const LABELS: Record<LocalJobName, string> = {
  risk: 'Risk check',
  signals: 'Fresh signals',
  renewals: 'Renewal reminders',
  digest: 'Digest',
  escalate: 'Escalation',
  hubspot: 'HubSpot sync',
};

/**
 * "Run a job now" on the page: the same code as `tend jobs run <job>`, a manual run keyed by
 * the click (a retried or doubled request runs once), then `deliver` sends what it enqueued
 * without waiting for a poll; the answer says what was sent.
 */
export function localJobRunner(ctx: AppContext, deliver: () => Promise<unknown>): LocalJobRunner {
  return async (name, key) => {
    const run = await runJobNow(ctx, name, `local:${hostname()}:${process.pid}`, key);
    if (!run.outcome.ran) return `${LABELS[name]}: this request already ran; nothing new to send`;
    if ('error' in run.outcome) return `${LABELS[name]} failed: ${run.outcome.error}`;
    await deliver();
    // The page's labels are English, so is its toast (the page has no reader language yet).
    return `${LABELS[name]}: ${tm('en', describeRun(name, run.outcome.summary))}`;
  };
}
