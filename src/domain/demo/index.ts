export { CSM_OWNERS, externalIdOf, FEATURES_TOTAL } from './accounts';
export { DEMO_LIMITS, generateDemo } from './generate';
export type {
  DemoAccount,
  DemoData,
  DemoOptions,
  DemoSurveyAnswer,
  DemoTicket,
  DemoUsageRow,
  DemoUsageSeries,
  Segment,
  Tier,
} from './model';
export { createRng, hashSeed, type Rng } from './random';
export { STORIES, STORY_COUNT } from './stories';
export { usageRows } from './usage';
