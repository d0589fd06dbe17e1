import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AppContext } from '../../app/context';
import { timelineOfExternalId } from '../../app/timeline-export';
import { DEFAULT_TIMELINE_DAYS, MAX_TIMELINE_DAYS } from '../../domain/timeline';
import { HttpError } from '../body';
import { sendJson } from '../server';

export const TIMELINE_PAGE_MAX = 1000;

export const timelineQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(MAX_TIMELINE_DAYS).default(DEFAULT_TIMELINE_DAYS),
    limit: z.coerce.number().int().min(1).max(TIMELINE_PAGE_MAX).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

/**
 * GET /api/v1/accounts/:externalId/timeline?days=90&limit=100&offset=0: the account's
 * timeline (touchpoints, logged messages, notes, alerts, follow-ups, loops, renewal events,
 * band changes), newest first, a page at a time, with the total.
 */
export function timelineHandler(ctx: AppContext) {
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    params: Record<string, string>,
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parsed = timelineQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HttpError(400, {
        error: 'bad_query',
        message: `${issue.path.join('.') || 'query'}: ${issue.message}`,
      });
    }
    const page = await timelineOfExternalId(ctx, params.externalId ?? '', parsed.data);
    if (!page) sendJson(res, 404, { error: 'unknown_account' });
    else sendJson(res, 200, page);
  };
}
