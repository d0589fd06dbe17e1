import { hostname } from 'node:os';
import type { AppContext } from '../../app/context';
import { runJobByHand } from '../../app/jobs';
import type { LocalJobName, LocalJobRunner } from './workspace';

const LABELS: Record<LocalJobName, string> = {
  risk: 'Risk check',
  renewals: 'Renewal reminders',
  digest: 'Digest',
  escalate: 'Escalation',
};

/** Figures of a job's summary in a few words ("fired 3, messages 5"). */
function figures(summary: unknown): string {
  if (!summary || typeof summary !== 'object') return 'done';
  const parts = Object.entries(summary as Record<string, unknown>)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => `${k} ${v}`);
  return parts.length > 0 ? parts.join(', ') : 'done';
}

/**
 * "Run a job now" on the page: the same code as `tend jobs run <job>` (the slot at this
 * instant, claimed once), then `deliver` sends what it enqueued without waiting for a poll.
 */
export function localJobRunner(ctx: AppContext, deliver: () => Promise<unknown>): LocalJobRunner {
  return async (name) => {
    const run = await runJobByHand(ctx, name, undefined, `local:${hostname()}:${process.pid}`);
    if (!run.outcome.ran) {
      return `${LABELS[name]}: this slot (${run.slot.toISOString()}) already ran; nothing new to send`;
    }
    if ('error' in run.outcome) return `${LABELS[name]} failed: ${run.outcome.error}`;
    await deliver();
    return `${LABELS[name]}: ${figures(run.outcome.summary)}`;
  };
}
