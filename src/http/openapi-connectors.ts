import { MAX_TRACK_MESSAGES } from '../app/track';
import { SEGMENT_TYPES } from '../domain/connectors';
import { MAX_BODY_BYTES } from './body';

const error = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
};
const json = (schema: unknown, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const message = {
  type: 'object',
  required: ['type'],
  description:
    'A Segment-spec message (https://segment.com/docs/connections/spec/); fields Tend does not read are allowed. Needs userId or anonymousId; track needs event, group needs groupId.',
  properties: {
    type: { enum: [...SEGMENT_TYPES] },
    messageId: { type: 'string' },
    userId: { type: ['string', 'number'] },
    anonymousId: { type: ['string', 'number'] },
    event: { type: 'string' },
    groupId: { type: ['string', 'number'] },
    timestamp: { type: 'string', format: 'date-time' },
    traits: { type: 'object' },
    properties: { type: 'object' },
    context: { type: 'object', properties: { groupId: { type: ['string', 'number'] } } },
  },
};

/** The connector endpoints under /api/v1 (README "Connectors"). */
export function connectorPaths(): Record<string, unknown> {
  return {
    '/api/v1/batch': {
      post: {
        operationId: 'track_batch',
        summary: 'Segment-compatible tracking batch (also /v1/batch, /v1/track, /v1/group, …)',
        description:
          `All or nothing: one malformed message answers 400 and nothing is written. Idempotent ` +
          `by messageId. At most ${MAX_TRACK_MESSAGES} messages and ${MAX_BODY_BYTES} bytes ` +
          `(also after Content-Encoding: gzip). The write key is a Tend API key.`,
        security: [{ writeKey: [] }, { bearer: [] }],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['batch'],
                properties: {
                  batch: { type: 'array', maxItems: MAX_TRACK_MESSAGES, items: message },
                },
              },
            },
          },
        },
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                success: { const: true },
                received: { type: 'integer' },
                accepted: { type: 'integer' },
                duplicates: { type: 'integer' },
                skipped: { type: 'integer', description: 'activity of no known account' },
              },
            },
            'Batch taken',
          ),
          400: json(error, 'A message is invalid (all listed in `messages`); nothing was written'),
          401: json(error, 'Missing, unknown or revoked write key'),
          413: json(error, 'Too many messages or bytes'),
        },
      },
    },
    '/api/v1/webhooks/zendesk': {
      post: {
        operationId: 'zendesk_webhook',
        summary: 'Zendesk ticket events (exists with ZENDESK_WEBHOOK_SECRET)',
        description:
          'Signed by Zendesk: X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(secret, ' +
          'X-Zendesk-Webhook-Signature-Timestamp + body)). The ticket is upserted as zendesk:<id>.',
        responses: {
          200: json({ type: 'object' }, 'Stored, or acknowledged and skipped (with the reason)'),
          401: json(error, 'Missing, wrong or stale signature'),
          422: json(error, 'The ticket does not fit the tickets schema'),
        },
      },
    },
  };
}
