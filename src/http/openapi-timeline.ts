import { DEFAULT_TIMELINE_DAYS, MAX_TIMELINE_DAYS, TIMELINE_KINDS } from '../domain/timeline';

const int = (description: string, extra: Record<string, unknown> = {}) => ({
  type: 'integer',
  description,
  ...extra,
});

/** GET /api/v1/accounts/{externalId}/timeline, as routes/api-v1-timeline.ts answers it. */
export function timelinePath(
  json: (schema: unknown, description: string) => unknown,
  error: unknown,
): Record<string, unknown> {
  const query = (name: string, schema: Record<string, unknown>, description: string) => ({
    name,
    in: 'query',
    required: false,
    schema,
    description,
  });
  return {
    get: {
      operationId: 'account_timeline',
      summary:
        "An account's timeline, newest first: touchpoints, logged chat messages, notes, alerts and their outcomes, follow-ups, survey loops, renewal events, health band changes",
      security: [{ bearer: [] }],
      parameters: [
        { name: 'externalId', in: 'path', required: true, schema: { type: 'string' } },
        query(
          'days',
          {
            type: 'integer',
            minimum: 1,
            maximum: MAX_TIMELINE_DAYS,
            default: DEFAULT_TIMELINE_DAYS,
          },
          'How far back to look',
        ),
        query(
          'limit',
          { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          'Entries per page',
        ),
        query('offset', { type: 'integer', minimum: 0, default: 0 }, 'Entries to skip'),
      ],
      responses: {
        200: json(
          {
            type: 'object',
            required: ['account', 'days', 'total', 'offset', 'entries'],
            properties: {
              account: {
                type: 'object',
                properties: { externalId: { type: 'string' }, name: { type: 'string' } },
              },
              days: int('The window asked for'),
              total: int('Entries in the window (all pages)'),
              offset: int('Entries skipped'),
              entries: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['at', 'kind', 'text', 'by', 'link'],
                  properties: {
                    at: { type: 'string', format: 'date-time' },
                    kind: { type: 'string', enum: [...TIMELINE_KINDS] },
                    text: { type: 'string' },
                    by: { type: ['string', 'null'], description: 'Who did it or wrote it' },
                    link: {
                      type: ['string', 'null'],
                      description: 'A logged chat message: its Slack permalink or Teams link',
                    },
                  },
                },
              },
            },
          },
          'One page of the timeline',
        ),
        400: json(error, 'A query parameter is out of range'),
        401: json(error, 'Missing, unknown or revoked API key'),
        404: json(error, 'No account with this external id'),
      },
    },
  };
}
