import type { Band } from '../health';
import type { RuleName } from '../rules/model';

/**
 * A free-form question as Tend understood it. The parser never guesses: what it cannot place
 * becomes `unknown` with the closest command, so a wrong reading is never answered silently.
 */
export type Question =
  /** "how is acme doing?", "why did globex drop?": one account's card; `why` asks for drivers. */
  | { kind: 'account'; account: string; why: boolean }
  /** Accounts matching the filters: listed, counted, or their ARR summed. */
  | { kind: 'accounts'; measure: Measure; filters: AccountFilters }
  /** "my follow-ups", "我的跟进". */
  | { kind: 'followups' }
  /** "my alerts", "我的告警". */
  | { kind: 'alerts' }
  /** Not understood; `suggestion` is the closest command, e.g. "/renewals 90". */
  | { kind: 'unknown'; suggestion: string };

export type Measure = 'list' | 'count' | 'arr';

/** Who owns the accounts: the person asking, an e-mail, or a handle/name ("jane"). */
export type OwnerFilter =
  | { kind: 'me' }
  | { kind: 'email'; email: string }
  | { kind: 'name'; name: string };

/**
 * A renewal window relative to the day the question is answered: the parser needs no clock,
 * so the same text always parses the same; resolveWindow turns it into days.
 * `quarter` (Q1–Q4) is that quarter's next occurrence (this year's unless it is over).
 */
export type RenewalWindow =
  | { unit: 'days'; days: number }
  | { unit: 'week'; offset: 0 | 1 }
  | { unit: 'month'; offset: 0 | 1 }
  | { unit: 'quarter'; offset: 0 | 1 }
  | { unit: 'quarter-of-year'; quarter: 1 | 2 | 3 | 4 };

export type Trend = 'dropping' | 'improving';

/** Every filter is optional; none = every active account. */
export interface AccountFilters {
  bands?: Band[];
  /** Red, or with an open alert: what /risk lists. */
  atRisk?: true;
  segment?: string;
  tier?: string;
  owner?: OwnerFilter;
  minArr?: number;
  maxArr?: number;
  renewal?: RenewalWindow;
  rule?: RuleName;
  trend?: Trend;
}
