import type { Fact } from './facts';

export type MeasureKey = 'usage' | 'recency' | 'adoption' | 'support' | 'sentiment';
export type Band = 'green' | 'yellow' | 'red';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

/** Fixed order: cards list measures this way, and ties between drivers break this way. */
export const MEASURE_KEYS: readonly MeasureKey[] = [
  'usage',
  'recency',
  'adoption',
  'support',
  'sentiment',
];

export interface HealthSettings {
  /** Non-negative; they need not sum to 100, they are renormalised over measures with data. */
  weights: Record<MeasureKey, number>;
  /** Lower bounds: score >= green is green, >= yellow is yellow, else red. */
  bands: { green: number; yellow: number };
  /** Utilisation (active users / seats) giving full marks; drop vs prior 30 days costing most. */
  usage: { fullUtilisation: number; dropPenaltyAt: number };
  recency: { fullDays: number; zeroDays: number };
  /** Points each open ticket costs; urgent tickets older than urgentAgeDays cost double. */
  support: { priorityWeights: Record<TicketPriority, number>; urgentAgeDays: number };
  /** csatWeight is CSAT's share (0–1) of the sentiment score when both NPS and CSAT exist. */
  sentiment: { npsWindowDays: number; csatWeight: number };
  onboardingDays: number;
}

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = {
  weights: { usage: 30, recency: 15, adoption: 20, support: 15, sentiment: 20 },
  bands: { green: 70, yellow: 40 },
  usage: { fullUtilisation: 0.5, dropPenaltyAt: 0.3 },
  recency: { fullDays: 3, zeroDays: 14 },
  support: { priorityWeights: { low: 3, normal: 6, high: 12, urgent: 20 }, urgentAgeDays: 7 },
  sentiment: { npsWindowDays: 180, csatWeight: 0.3 },
  onboardingDays: 90,
};

export interface OpenTicket {
  priority: TicketPriority;
  openedOn: string;
}

export interface NpsAnswer {
  score: number;
  respondent: string | null;
  answeredOn: string;
}

/** Everything pre-aggregated (by SQL) for one account on one day. */
export interface HealthInputs {
  asOf: string;
  contractStart: string | null;
  seats: number | null;
  /** Average daily active users over the last 30 days; null = no usage rows. */
  activeUsers30: number | null;
  activeUsersPrev30: number | null;
  logins30: number | null;
  loginsPrev30: number | null;
  /** Last day with logins > 0; null = never or unknown. */
  lastLoginDate: string | null;
  featuresUsed30: number | null;
  featuresTotal: number | null;
  openTickets: OpenTicket[];
  hasTicketData: boolean;
  npsAnswers: NpsAnswer[];
  /** 1–5 scale. */
  csatAverage: number | null;
}

/** An account's inputs before any usage, ticket or survey data is known about it. */
export function noHealthData(
  asOf: string,
  contractStart: string | null,
  hasTicketData: boolean,
): HealthInputs {
  return {
    asOf,
    contractStart,
    seats: null,
    activeUsers30: null,
    activeUsersPrev30: null,
    logins30: null,
    loginsPrev30: null,
    lastLoginDate: null,
    featuresUsed30: null,
    featuresTotal: null,
    openTickets: [],
    hasTicketData,
    npsAnswers: [],
    csatAverage: null,
  };
}

/** What one measure function returns; score null = no data. */
export interface MeasureScore {
  score: number | null;
  /** The most telling fact in plain words; used as the driver text when points are lost. */
  detail: string;
}

export interface MeasureResult {
  key: MeasureKey;
  score: number | null;
  weight: number;
  /** Share of the total (0–100) after renormalising over measures with data; 0 without data. */
  effectiveWeight: number;
  pointsLost: number;
  detail: string;
}

/** A measure as a snapshot stores it: its facts instead of the worded detail. */
export interface MeasureOutcome extends Omit<MeasureResult, 'detail'> {
  facts: Fact[];
}

/** One day's health as stored: no words and no drivers (topDrivers derives them). */
export interface HealthFacts {
  score: number | null;
  band: Band | null;
  measures: MeasureOutcome[];
  onboarding: boolean;
}

export interface Driver {
  measure: MeasureKey;
  text: string;
  pointsLost: number;
}

export interface HealthResult {
  score: number | null;
  band: Band | null;
  measures: MeasureResult[];
  drivers: Driver[];
  onboarding: boolean;
}

/** The band a score falls in, by the settings' thresholds. */
export function bandFor(score: number, settings: HealthSettings = DEFAULT_HEALTH_SETTINGS): Band {
  if (score >= settings.bands.green) return 'green';
  if (score >= settings.bands.yellow) return 'yellow';
  return 'red';
}
