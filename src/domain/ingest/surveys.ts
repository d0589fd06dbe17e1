import { z } from 'zod';
import { count, day, externalId, oneOf, optionalText } from './fields';

export const SURVEY_KINDS = ['nps', 'csat'] as const;
const RANGE = { nps: [0, 10], csat: [1, 5] } as const;

/** One NPS (0–10) or CSAT (1–5) answer. */
export const surveyRow = z
  .strictObject({
    external_id: optionalText(200),
    account_external_id: externalId,
    kind: oneOf(SURVEY_KINDS),
    score: count,
    respondent: optionalText(320),
    comment: optionalText(5000),
    answered_on: day,
  })
  .superRefine((row, ctx) => {
    const [min, max] = RANGE[row.kind];
    if (row.score < min || row.score > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['score'],
        message: `must be between ${min} and ${max} for ${row.kind}`,
      });
    }
  });

export type SurveyRow = z.output<typeof surveyRow>;

/**
 * Answers without an id of their own are keyed by what identifies them, so sending the same
 * export twice stores each answer once. JSON keeps the parts apart whatever they contain.
 */
export function surveyKey(row: SurveyRow): string {
  if (row.external_id) return row.external_id;
  const respondent = row.respondent?.toLowerCase() ?? '';
  return `auto:${JSON.stringify([row.account_external_id, row.kind, respondent, row.answered_on])}`;
}
