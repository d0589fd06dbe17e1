import type { PlatformReport } from '../../platform-status';
import { withTimeout } from '../../with-timeout';
import type { Route } from '../server';
import { sendJson } from '../server';

/** An orchestrator's probe times out after a few seconds; answer 503 well before it does. */
export const READY_TIMEOUT_MS = 2_000;

/**
 * /healthz says the process is alive; /readyz says it can do work (the database answers).
 *
 * The body also says whether Slack and Teams answered, but their state does not change the
 * status code: every replica talks to the same Slack, so taking one out of rotation because
 * Slack is down helps nobody, while the ingestion API and the other platform still work and
 * the outbox keeps what is queued for the platform that is down until it answers again.
 */
export function healthRoutes(
  ping: () => Promise<boolean>,
  timeoutMs: number = READY_TIMEOUT_MS,
  platforms: () => Record<string, PlatformReport> = () => ({}),
): Route[] {
  return [
    { method: 'GET', path: '/healthz', handler: (_req, res) => sendJson(res, 200, { ok: true }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        const reason = await withTimeout(ping(), timeoutMs, 'the database').then(
          (ok) => (ok ? null : 'database unreachable'),
          (error: Error) => error.message,
        );
        const chat = platforms();
        const extra = Object.keys(chat).length > 0 ? { platforms: chat } : {};
        sendJson(
          res,
          reason === null ? 200 : 503,
          reason === null ? { ok: true, ...extra } : { ok: false, reason, ...extra },
        );
      },
    },
  ];
}
