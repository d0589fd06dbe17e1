export type { AlertFigures, AlertTimes } from './alerts';
export { alertFigures } from './alerts';
export type { BandCounts, BandFigures, BandPair } from './bands';
export { bandFigures } from './bands';
export { DEFINITIONS, type DefinitionKey } from './definitions';
export type { FollowUpDays, FollowUpFigures } from './follow-ups';
export { followUpFigures } from './follow-ups';
export type { LoopFigures, LoopTimes } from './loops';
export { loopFigures } from './loops';
export {
  type DayRange,
  DEFAULT_PERIOD,
  dayInRange,
  isPeriodName,
  PERIOD_NAMES,
  type PeriodName,
  type Periods,
  periodsOf,
} from './period';
export type { CountAndArr, RenewalFigures, RenewalRow } from './renewals';
export { renewalFigures } from './renewals';
export type { CohortAccount, RetentionFigures, RetentionSums } from './retention';
export { retentionFigures, retentionFiguresOf } from './retention';
export {
  type AccountAtEdges,
  type Edges,
  type RenewalSpanRow,
  type SpanInputs,
  type SurveySpanRow,
  splitSpan,
} from './span';
export { hoursBetween, median, percent, quantile, round1 } from './stats';
export type { SurveyCounts, SurveyFigures, SurveyScore } from './surveys';
export { surveyFigures, surveyFiguresOf } from './surveys';
export {
  type MetricsScope,
  type PeriodFigures,
  type PeriodInputs,
  periodFigures,
  type TeamMetrics,
} from './team-metrics';
export { figuresFromTotals, type PeriodTotals } from './totals';
