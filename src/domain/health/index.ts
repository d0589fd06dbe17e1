export { adoptionFacts, scoreAdoption } from './adoption';
export {
  computeHealth,
  computeHealthFacts,
  effectiveWeights,
  measureFacts,
  scoreMeasures,
  wordHealth,
} from './compute';
export { MAX_DRIVERS, pickDrivers, topDrivers } from './drivers';
export type { Fact, FactCode, MeasureFacts } from './facts';
export { factsText, factText } from './facts';
export type {
  Band,
  Driver,
  HealthFacts,
  HealthInputs,
  HealthResult,
  HealthSettings,
  MeasureKey,
  MeasureOutcome,
  MeasureResult,
  MeasureScore,
  NpsAnswer,
  OpenTicket,
  TicketPriority,
} from './model';
export { bandFor, DEFAULT_HEALTH_SETTINGS, MEASURE_KEYS, noHealthData } from './model';
export { isOnboarding } from './onboarding';
export { scoreRecency } from './recency';
export { scoreSentiment } from './sentiment';
export { healthSettingsSchema, parseHealthSettings } from './settings';
export { scoreSupport } from './support';
export type { SnapshotPoint, Trend } from './trend';
export { computeTrend, DELTA_LOOKBACK_DAYS, scoreAt, sparkChar, TREND_WEEKS } from './trend';
export { MAX_DROP_PENALTY, scoreUsage, USAGE_WINDOW_DAYS } from './usage';
