import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AppContext } from '../../app/context';
import { teamMetrics } from '../../app/team-metrics';
import { DEFAULT_PERIOD, DEFINITIONS, PERIOD_NAMES } from '../../domain/metrics';
import { HttpError } from '../body';
import { sendJson } from '../server';

export const metricsQuery = z
  .object({
    period: z.enum(PERIOD_NAMES).default(DEFAULT_PERIOD),
    owner: z.email().max(320).optional(),
  })
  .strict();

/**
 * GET /api/v1/metrics?period=30d[&owner=jane@acme.com]: the figures `/stats` shows, for the
 * period and the one before, with how each is computed.
 */
export function metricsHandler(ctx: AppContext) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parsed = metricsQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HttpError(400, {
        error: 'bad_query',
        message: `${issue.path.join('.') || 'query'}: ${issue.message}`,
      });
    }
    const { period, owner } = parsed.data;
    const metrics = await teamMetrics(
      ctx,
      owner ? { kind: 'person', email: owner.toLowerCase() } : { kind: 'team' },
      period,
    );
    sendJson(res, 200, { ...metrics, definitions: DEFINITIONS });
  };
}
