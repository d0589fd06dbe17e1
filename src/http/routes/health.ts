import { withTimeout } from '../../with-timeout';
import type { Route } from '../server';
import { sendJson } from '../server';

/** An orchestrator's probe times out after a few seconds; answer 503 well before it does. */
export const READY_TIMEOUT_MS = 2_000;

/** /healthz says the process is alive; /readyz says it can do work (the database answers). */
export function healthRoutes(
  ping: () => Promise<boolean>,
  timeoutMs: number = READY_TIMEOUT_MS,
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
        sendJson(
          res,
          reason === null ? 200 : 503,
          reason === null ? { ok: true } : { ok: false, reason },
        );
      },
    },
  ];
}
