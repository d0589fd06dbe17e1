import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../../app/context';
import { ingestZendeskEvent } from '../../app/zendesk';
import { zendeskEvent, zendeskSignature } from '../../domain/connectors';
import { HttpError, readBoundedBody } from '../body';
import { type Route, sendJson } from '../server';

/** One event is a few kilobytes; Zendesk does not batch. */
const MAX_EVENT_BYTES = 1024 * 1024;

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * POST /api/v1/webhooks/zendesk: Zendesk's signed ticket events. The signature
 * (X-Zendesk-Webhook-Signature, base64 HMAC-SHA256 of the timestamp header followed by the raw
 * body, keyed by the webhook's signing secret) is checked before the body is parsed; a
 * timestamp further than connectors.zendesk.maxSkewMinutes from Tend's clock is a replay.
 */
function zendeskHandler(ctx: AppContext, secret: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const signature = req.headers['x-zendesk-webhook-signature'];
      const timestamp = req.headers['x-zendesk-webhook-signature-timestamp'];
      const body = await readBoundedBody(req, MAX_EVENT_BYTES);
      if (typeof signature !== 'string' || typeof timestamp !== 'string') {
        throw new HttpError(401, {
          error: 'unsigned',
          message: 'the Zendesk signature headers are missing',
        });
      }
      if (!sameSignature(zendeskSignature(secret, timestamp, body), signature)) {
        throw new HttpError(401, {
          error: 'bad_signature',
          message: 'the signature does not match the signing secret',
        });
      }
      const at = Date.parse(timestamp);
      const skew = ctx.config.settings.connectors.zendesk.maxSkewMinutes * 60_000;
      if (Number.isNaN(at) || Math.abs(ctx.clock.now().getTime() - at) > skew) {
        throw new HttpError(401, {
          error: 'stale_signature',
          message: 'the signature timestamp is too old or too new',
        });
      }
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch (error) {
        throw new HttpError(400, { error: 'invalid_json', message: (error as Error).message });
      }
      const event = zendeskEvent.safeParse(json);
      if (!event.success) {
        throw new HttpError(400, {
          error: 'invalid_event',
          message: 'expected a Zendesk event with a type',
        });
      }
      const result = await ingestZendeskEvent(ctx, event.data);
      if (result.ok) sendJson(res, 200, result);
      else sendJson(res, 422, { error: 'invalid_ticket', rows: result.errors });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      sendJson(res, error.status, error.body);
    }
  };
}

/** Mounted only with ZENDESK_WEBHOOK_SECRET set: an unsigned endpoint would take anyone's tickets. */
export function zendeskRoutes(ctx: AppContext): Route[] {
  const secret = ctx.config.env.ZENDESK_WEBHOOK_SECRET;
  if (!secret) return [];
  return [
    { method: 'POST', path: '/api/v1/webhooks/zendesk', handler: zendeskHandler(ctx, secret) },
  ];
}
