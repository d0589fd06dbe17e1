import type { Route } from '../server';
import { sendJson } from '../server';

/** /healthz says the process is alive; /readyz says it can do work (the database answers). */
export function healthRoutes(ping: () => Promise<boolean>): Route[] {
  return [
    { method: 'GET', path: '/healthz', handler: (_req, res) => sendJson(res, 200, { ok: true }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        const ok = await ping();
        sendJson(
          res,
          ok ? 200 : 503,
          ok ? { ok: true } : { ok: false, reason: 'database unreachable' },
        );
      },
    },
  ];
}
