/**
 * How each figure is computed, in one line: the card's footnotes, the API's `definitions`
 * and the README say the same words.
 */
export const DEFINITIONS = {
  timeToAck:
    'Time to acknowledge: hours from an alert firing to its acknowledgement (or resolution, ' +
    'if resolved first), over alerts fired in the period; median and 90th percentile ' +
    '(interpolated, as percentile_cont).',
  firstTouch:
    'Time to first touch: hours from an alert firing to the first action a person took on it ' +
    "(acknowledge, snooze, assign, note, follow-up, resolve; Tend's own escalation does not " +
    'count); median over alerts fired in the period.',
  alerts:
    'Alerts: opened = fired in the period; acknowledged = acknowledged (or resolved unacknowledged) ' +
    'in the period; resolved = resolved in the period, whenever they fired.',
  loops:
    'Loops closed on time: of the survey loops whose clock ran out in the period, the share ' +
    'closed with an outcome by then.',
  followUps:
    'Follow-ups: done = completed in the period; overdue = due on a past day of the period and ' +
    'not done by the end of that day.',
  renewals:
    'Renewals: won / lost = marked renewed / churned in the period, with the accounts’ ARR; ' +
    'open = renewal date in the period, neither renewed nor churned yet.',
  grr:
    'GRR: over accounts active at the start of the period, Σ min(ARR at end, ARR at start) ÷ ' +
    'Σ ARR at start; a churned account ends at 0, expansion is not counted.',
  nrr:
    'NRR: over the same accounts, Σ ARR at end ÷ Σ ARR at start: churn and downgrades offset ' +
    'by expansion; accounts won during the period are left out.',
  logoChurn: 'Logo churn: accounts marked churned in the period ÷ accounts active at its start.',
  nps: 'NPS: % promoters (9–10) − % detractors (0–6) of NPS answers given in the period.',
  csat: 'CSAT: % of CSAT answers in the period scoring 4 or 5 (of 5).',
  bands:
    'Bands: active accounts per band on the last day of the period (latest score), and how ' +
    'many moved to a better or worse band since the day before it began.',
  reasons:
    'Churn and save reasons: reviews written in the period (Mark churned, or an alert ' +
    'resolved as saved), counted by reason code.',
} as const;

export type DefinitionKey = keyof typeof DEFINITIONS;
