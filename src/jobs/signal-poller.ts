import type { AppContext } from '../app/context';
import { runRuleChecks } from '../app/rule-checks';

/** Between scheduler ticks: fresh signals wait at most this long after their debounce. */
export const SIGNAL_POLL_MS = 10_000;

export interface SignalPoller {
  stop(): Promise<void>;
}

/**
 * Runs the rule checks every `everyMs` between the per-minute `signals` job's ticks, so a
 * signal waits for its debounce plus at most this, not for the next minute. Safe on every
 * replica at once: each check is claimed (and deleted) in the transaction that evaluates it.
 * When nothing is due a run is one indexed read.
 */
export function startSignalPoller(ctx: AppContext, everyMs = SIGNAL_POLL_MS): SignalPoller {
  let running: Promise<void> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = runRuleChecks(ctx)
      .then((summary) => {
        if (summary.checked > 0) ctx.log.info(summary, 'fresh signals checked');
      })
      .catch((error) => ctx.log.error({ err: error }, 'fresh signal check failed'))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
