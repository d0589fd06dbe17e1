import { DEFINITIONS, PERIOD_NAMES } from '../domain/metrics';

const num = (description: string) => ({ type: 'number', description });
const nullableNum = (description: string) => ({ type: ['number', 'null'], description });
const int = { type: 'integer' };
const obj = (properties: Record<string, unknown>, description?: string) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  ...(description ? { description } : {}),
});
const countAndArr = obj({ count: int, arr: num('Σ ARR of the accounts') });
const bandCounts = obj({ green: int, yellow: int, red: int, none: int });

/** One period's figures, as `teamMetrics` returns them (numbers unrounded). */
const periodFigures = obj({
  days: obj({ from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } }),
  alerts: obj(
    {
      opened: int,
      acknowledged: int,
      resolved: int,
      ackMedianHours: nullableNum('median hours to acknowledge'),
      ackP90Hours: nullableNum('90th percentile hours to acknowledge'),
      firstTouchMedianHours: nullableNum('median hours to the first action'),
      unacknowledged: int,
    },
    `${DEFINITIONS.timeToAck} ${DEFINITIONS.firstTouch} ${DEFINITIONS.alerts}`,
  ),
  loops: obj(
    { due: int, closedOnTime: int, onTimeRate: nullableNum('percent') },
    DEFINITIONS.loops,
  ),
  followUps: obj({ done: int, overdue: int }, DEFINITIONS.followUps),
  renewals: obj({ won: countAndArr, lost: countAndArr, open: countAndArr }, DEFINITIONS.renewals),
  retention: obj(
    {
      cohort: int,
      churned: int,
      logoChurnRate: nullableNum(DEFINITIONS.logoChurn),
      startArr: num('Σ ARR at the start over the cohort'),
      grr: nullableNum(DEFINITIONS.grr),
      nrr: nullableNum(DEFINITIONS.nrr),
    },
    'percentages from 0 to 100 (NRR may pass 100)',
  ),
  surveys: obj({
    nps: nullableNum(DEFINITIONS.nps),
    npsAnswers: int,
    detractors: int,
    csat: nullableNum(DEFINITIONS.csat),
    csatAnswers: int,
  }),
  bands: obj({ end: bandCounts, start: bandCounts, up: int, down: int }, DEFINITIONS.bands),
  reasons: obj(
    {
      churn: { type: 'array', items: obj({ reason: { type: 'string' }, count: int }) },
      save: { type: 'array', items: obj({ reason: { type: 'string' }, count: int }) },
    },
    DEFINITIONS.reasons,
  ),
});

/** GET /api/v1/metrics in the OpenAPI document. */
export function metricsPath(
  json: (schema: unknown, description: string) => unknown,
  error: unknown,
): Record<string, unknown> {
  return {
    get: {
      operationId: 'team_metrics',
      summary: 'Team metrics for a period and the one before (what /stats shows)',
      security: [{ bearer: [] }],
      parameters: [
        {
          name: 'period',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: [...PERIOD_NAMES], default: '30d' },
          description:
            'Ends today in the configured time zone; "quarter" is quarter to date, compared ' +
            'with as many days from the start of the previous quarter.',
        },
        {
          name: 'owner',
          in: 'query',
          required: false,
          schema: { type: 'string', format: 'email' },
          description: "Only the accounts this person owns (their portfolio); default: the team's",
        },
      ],
      responses: {
        200: json(
          obj({
            scope: {
              oneOf: [
                obj({ kind: { const: 'team' } }),
                obj({ kind: { const: 'person' }, email: { type: 'string' } }),
              ],
            },
            period: { type: 'string', enum: [...PERIOD_NAMES] },
            current: periodFigures,
            previous: periodFigures,
            definitions: obj(
              Object.fromEntries(Object.keys(DEFINITIONS).map((k) => [k, { type: 'string' }])),
              'How each figure is computed, in words',
            ),
          }),
          'The figures',
        ),
        400: json(error, 'Unknown period, bad owner or an unknown parameter'),
        401: json(error, 'Missing, unknown or revoked API key'),
      },
    },
  };
}
