import { MILESTONE_STATUSES } from '../domain/plans';

const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const day = { type: 'string', format: 'date' };
const instant = { type: 'string', format: 'date-time' };
const int = { type: 'integer' };
const obj = (properties: Record<string, unknown>, description?: string) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  ...(description ? { description } : {}),
});
const edited = { createdBy: str, createdAt: instant, updatedBy: str, updatedAt: instant };

type Json = (schema: unknown, description: string) => unknown;

/** GET /api/v1/accounts/{externalId}/plan: what `/plan` shows, with every change recorded. */
export function planPath(json: Json, error: unknown) {
  return {
    get: {
      operationId: 'account_plan',
      summary:
        "An account's success plan: goals, milestones, progress and every change (who, when)",
      security: [{ bearer: [] }],
      parameters: [{ name: 'externalId', in: 'path', required: true, schema: str }],
      responses: {
        200: json(
          obj({
            account: obj({ externalId: str, name: str }),
            progress: obj({
              total: int,
              done: int,
              overdue: { ...int, description: 'planned or in progress, past the due day' },
              next: {
                oneOf: [{ type: 'null' }, obj({ title: str, due: day, owner: nullableStr })],
              },
            }),
            goals: {
              type: 'array',
              items: obj({
                id: int,
                outcome: str,
                measure: nullableStr,
                targetOn: { type: ['string', 'null'], format: 'date' },
                ...edited,
              }),
            },
            milestones: {
              type: 'array',
              items: obj({
                id: int,
                title: str,
                dueOn: day,
                owner: nullableStr,
                status: { type: 'string', enum: [...MILESTONE_STATUSES] },
                followUpId: {
                  type: ['integer', 'null'],
                  description: 'The linked follow-up, open while the milestone is',
                },
                ...edited,
              }),
            },
            changes: {
              type: 'array',
              description: 'Every change, oldest first',
              items: obj({
                subject: { type: 'string', enum: ['goal', 'milestone'] },
                subjectId: int,
                change: { type: 'string', enum: ['added', 'edited', 'status'] },
                details: { type: 'object' },
                by: str,
                source: { ...str, description: 'slack, teams, or follow-up (its Done button)' },
                at: instant,
              }),
            },
          }),
          'The plan',
        ),
        401: json(error, 'Missing, unknown or revoked API key'),
        404: json(error, 'No account with this external id'),
      },
    },
  };
}
