import type { Band } from '../health';

export const RULES = [
  'band_drop',
  'score_drop',
  'inactivity',
  'usage_decline',
  'detractor',
  'urgent_ticket',
  'renewal_at_risk',
  'onboarding_stall',
  'touch_overdue',
  'seats_high',
  'premium_adopted',
  'users_growth',
] as const;
export type RuleName = (typeof RULES)[number];

/** Rules that find room to grow, not risk: their cards say "Expansion". */
export const EXPANSION_RULES = ['seats_high', 'premium_adopted', 'users_growth'] as const;
export type ExpansionRule = (typeof EXPANSION_RULES)[number];
export const isExpansionRule = (rule: string): rule is ExpansionRule =>
  (EXPANSION_RULES as readonly string[]).includes(rule);

/** What every rule takes: on or off, and how long a resolved alert of it stays quiet. */
export interface RuleCommon {
  enabled: boolean;
  /** A resolved alert of this rule does not fire again within this many hours. */
  cooldownHours: number;
}

/** Rule parameters; src/settings.ts validates them, with these defaults. */
export interface RuleSettings {
  band_drop: RuleCommon;
  score_drop: RuleCommon & { points: number; days: number };
  inactivity: RuleCommon & { days: number };
  usage_decline: RuleCommon & { dropAtLeast: number };
  detractor: RuleCommon & { maxScore: number };
  urgent_ticket: RuleCommon & { days: number };
  renewal_at_risk: RuleCommon & { days: number };
  onboarding_stall: RuleCommon & { days: number; minActivation: number };
  /** Off by default: the check-ins due are on App Home and in the digest already. */
  touch_overdue: RuleCommon;
  seats_high: RuleCommon & { minUse: number; days: number; arrUplift: number };
  premium_adopted: RuleCommon & { arrUplift: number };
  users_growth: RuleCommon & { growthAtLeast: number; arrUplift: number };
}

export const DEFAULT_COOLDOWN_HOURS = 72;
const on: RuleCommon = { enabled: true, cooldownHours: DEFAULT_COOLDOWN_HOURS };

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  band_drop: { ...on },
  score_drop: { ...on, points: 15, days: 7 },
  inactivity: { ...on, days: 14 },
  usage_decline: { ...on, dropAtLeast: 0.3 },
  detractor: { ...on, maxScore: 6 },
  urgent_ticket: { ...on, days: 7 },
  renewal_at_risk: { ...on, days: 90 },
  onboarding_stall: { ...on, days: 90, minActivation: 0.25 },
  touch_overdue: { ...on, enabled: false },
  seats_high: { ...on, minUse: 0.8, days: 14, arrUplift: 0.2 },
  premium_adopted: { ...on, arrUplift: 0.15 },
  users_growth: { ...on, growthAtLeast: 0.3, arrUplift: 0.1 },
};

/** An NPS answer counts as new for this many days (the risk job runs at least daily). */
export const NEW_ANSWER_DAYS = 7;

/** One account's state on one day, as the store loads it in bulk for every account. */
export interface RuleFacts {
  accountId: number;
  today: string;
  score: number | null;
  band: Band | null;
  /** The latest snapshot before today. */
  previousBand: Band | null;
  /** The highest score in the `score_drop.days` days before today. */
  recentHighScore: number | null;
  lastLoginDate: string | null;
  /** Days of usage data before today; inactivity needs some history to mean anything. */
  hasUsage: boolean;
  activeUsers30: number | null;
  activeUsersPrev30: number | null;
  /** Core features used / total in the last 30 days; null = unknown. */
  activation: number | null;
  contractStart: string | null;
  renewalDate: string | null;
  npsAnswers: { id: number; score: number; respondent: string | null; answeredOn: string }[];
  urgentTickets: { id: number; openedOn: string }[];
  /**
   * Set when the account is past its touch cadence (the risk job fills it in from
   * checkInsDue when touch_overdue is enabled; other callers leave it out).
   */
  checkIn?: { cadenceDays: number; lastTouchOn: string | null; overdueDays: number } | null;
  /**
   * Seat use over the seats_high window: the lowest daily active users / seats, and on how
   * many days of the window seats were known. Null when no day had seats.
   */
  seatUse?: { minUse: number; days: number; seats: number } | null;
  /** Premium features (settings) first used within the last NEW_ANSWER_DAYS days. */
  premiumFirstUse?: { feature: string; firstDay: string }[];
}

export type Severity = 'info' | 'warning' | 'critical';

/**
 * What a summary says, as data: a stable code (one per wording) and its values, stored with
 * the alert (alerts.summary_args) so each reader gets it in their language. Codes are never
 * renamed: old rows keep theirs. Days are ISO days, counts and percents whole numbers.
 */
export const SUMMARY_CODES = [
  'bandDrop',
  'scoreDrop',
  'noLogin',
  'noLoginEver',
  'usageDown',
  'detractor',
  'detractorFrom',
  'urgentTicket',
  'urgentTickets',
  'renewalAtRisk',
  'onboardingStall',
  'touchOverdue',
  'touchOverdueNever',
  'seatsHigh',
  'premiumAdopted',
  'usersUp',
] as const;
export type SummaryCode = (typeof SUMMARY_CODES)[number];
export interface SummaryArgs {
  key: SummaryCode;
  [param: string]: string | number;
}
/** Types a summary's args where a choice of two would widen them (`who?: undefined`). */
export const says = (args: SummaryArgs): SummaryArgs => args;

export interface Finding {
  rule: RuleName;
  severity: Severity;
  /** In English, as stored in alerts.summary (logs, the API, rows from before summary_args). */
  summary: string;
  /** The same summary as code and values, for wording in the reader's language. */
  args: SummaryArgs;
  /**
   * Which occurrence of the condition this is. A resolved alert fires again for the same
   * key only after the condition went away; a new key (a new detractor) fires at once.
   */
  conditionKey: string;
  details: Record<string, string | number | null>;
}

export type Rule<K extends RuleName> = (
  facts: RuleFacts,
  params: RuleSettings[K],
) => Finding | null;
