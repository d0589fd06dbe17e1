const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const day = { type: 'string', format: 'date' };
const instant = { type: 'string', format: 'date-time' };
const nullableInstant = { type: ['string', 'null'], format: 'date-time' };
const int = { type: 'integer' };
const obj = (properties: Record<string, unknown>) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
});

type Json = (schema: unknown, description: string) => unknown;

/** GET /api/v1/accounts/{externalId}/playbooks: runs with their steps, and opportunities. */
export function playbooksPath(json: Json, error: unknown) {
  return {
    get: {
      operationId: 'account_playbooks',
      summary:
        "An account's playbook runs (each step: owner, due day, who ticked it and when) and the opportunities recorded from its expansion signals",
      security: [{ bearer: [] }],
      parameters: [{ name: 'externalId', in: 'path', required: true, schema: str }],
      responses: {
        200: json(
          obj({
            account: obj({ externalId: str, name: str }),
            playbookRuns: {
              type: 'array',
              items: obj({
                id: int,
                playbook: str,
                version: int,
                title: str,
                trigger: str,
                occurrence: str,
                startedBy: nullableStr,
                startedAt: instant,
                completedAt: nullableInstant,
                steps: {
                  type: 'array',
                  items: obj({
                    position: int,
                    title: str,
                    owner: nullableStr,
                    dueOn: day,
                    doneAt: nullableInstant,
                    doneBy: nullableStr,
                  }),
                },
              }),
            },
            opportunities: {
              type: 'array',
              items: obj({
                id: int,
                alertId: int,
                rule: str,
                potentialArr: { type: ['number', 'null'] },
                createdBy: str,
                createdAt: instant,
              }),
            },
          }),
          'The runs and opportunities',
        ),
        401: json(error, 'Missing, unknown or revoked API key'),
        404: json(error, 'No account with this external id'),
      },
    },
  };
}
