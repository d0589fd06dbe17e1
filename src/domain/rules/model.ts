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
] as const;
export type RuleName = (typeof RULES)[number];

/** Rule parameters; src/settings.ts validates them, with these defaults. */
export interface RuleSettings {
  band_drop: { enabled: boolean };
  score_drop: { enabled: boolean; points: number; days: number };
  inactivity: { enabled: boolean; days: number };
  usage_decline: { enabled: boolean; dropAtLeast: number };
  detractor: { enabled: boolean; maxScore: number };
  urgent_ticket: { enabled: boolean; days: number };
  renewal_at_risk: { enabled: boolean; days: number };
  onboarding_stall: { enabled: boolean; days: number; minActivation: number };
}

export const DEFAULT_RULE_SETTINGS: RuleSettings = {
  band_drop: { enabled: true },
  score_drop: { enabled: true, points: 15, days: 7 },
  inactivity: { enabled: true, days: 14 },
  usage_decline: { enabled: true, dropAtLeast: 0.3 },
  detractor: { enabled: true, maxScore: 6 },
  urgent_ticket: { enabled: true, days: 7 },
  renewal_at_risk: { enabled: true, days: 90 },
  onboarding_stall: { enabled: true, days: 90, minActivation: 0.25 },
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
}

export type Severity = 'info' | 'warning' | 'critical';

export interface Finding {
  rule: RuleName;
  severity: Severity;
  summary: string;
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
