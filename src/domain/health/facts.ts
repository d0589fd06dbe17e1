import { shortDay } from '../dates';
import { plural } from './scale';

/**
 * What a measure found, as a code and numbers instead of words: a daily snapshot stores these
 * (a few bytes each), and each reader words them in their own language. Tuples, not objects,
 * because 20,000 accounts a day times five measures is a lot of repeated key names.
 * `factText` gives the English the engine always wrote (MeasureScore.detail).
 */
export type Fact =
  | readonly ['usage_none']
  /** A fall over 30 days: of logins or of active users, in whole percent. */
  | readonly ['usage_drop', 'logins' | 'users', number]
  /** Active users as a whole percent of seats. */
  | readonly ['usage_util', number]
  | readonly ['recency_none']
  | readonly ['recency_never']
  | readonly ['recency_today']
  /** No login for this many days (the score is hurt). */
  | readonly ['recency_gap', number]
  /** Last login this many days ago (still full marks). */
  | readonly ['recency_ago', number]
  | readonly ['adoption_none']
  /** Core features used, of the total. */
  | readonly ['adoption', number, number]
  | readonly ['support_none']
  /** No tickets and nothing else known: support does not count. */
  | readonly ['support_nothing']
  | readonly ['support_clear']
  /** Urgent tickets open longer than the number of days. */
  | readonly ['support_old_urgent', number, number]
  /** Open tickets: total, then urgent, high, normal, low. */
  | readonly ['support_open', number, number, number, number, number]
  | readonly ['sentiment_none']
  /** Average CSAT (1–5). */
  | readonly ['csat', number]
  /** The one detractor: NPS score, respondent (or null), day answered. */
  | readonly ['detractor', number, string | null, string]
  /** Several detractors: how many, then the latest's score, respondent and day. */
  | readonly ['detractors', number, number, string | null, string]
  /** Account NPS (−100..100) from this many answers. */
  | readonly ['nps', number, number];

export type FactCode = Fact[0];

/** What a measure function decides, before any wording. */
export interface MeasureFacts {
  score: number | null;
  /** Most costly first; usage may say two things (a fall and low use), the others one. */
  facts: Fact[];
}

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;

function signed(n: number): string {
  return n > 0 ? `+${n}` : `${n}`;
}

/** One fact in the engine's English (what cards showed before facts were stored). */
export function factText(fact: Fact): string {
  switch (fact[0]) {
    case 'usage_none':
      return 'no usage data';
    case 'usage_drop':
      return `${fact[1] === 'logins' ? 'logins' : 'active users'} fell ${fact[2]}% in 30 days`;
    case 'usage_util':
      return `active users are ${fact[1]}% of seats`;
    case 'recency_none':
      return 'no login data';
    case 'recency_never':
      return 'no login on record';
    case 'recency_today':
      return 'last login today';
    case 'recency_gap':
      return `no login for ${plural(fact[1], 'day')}`;
    case 'recency_ago':
      return `last login ${plural(fact[1], 'day')} ago`;
    case 'adoption_none':
      return 'no feature data';
    case 'adoption':
      return `uses ${fact[1]} of ${fact[2]} core features`;
    case 'support_none':
      return 'no ticket data';
    case 'support_nothing':
      return 'no tickets';
    case 'support_clear':
      return 'no open tickets';
    case 'support_old_urgent':
      return `${plural(fact[1], 'urgent ticket')} open > ${plural(fact[2], 'day')}`;
    case 'support_open': {
      const [, total, ...counts] = fact;
      const parts = PRIORITIES.flatMap((p, i) => (counts[i] ? [`${counts[i]} ${p}`] : []));
      return `${plural(total, 'open ticket')} (${parts.join(', ')})`;
    }
    case 'sentiment_none':
      return 'no survey data';
    case 'csat':
      return `CSAT ${fact[1].toFixed(1)} of 5`;
    case 'detractor':
      return `detractor ${npsOf(fact[1], fact[2], fact[3])}`;
    case 'detractors':
      return `${fact[1]} detractors, latest ${npsOf(fact[2], fact[3], fact[4])}`;
    case 'nps':
      return `NPS ${signed(fact[1])} from ${plural(fact[2], 'answer')}`;
  }
}

function npsOf(score: number, who: string | null, day: string): string {
  return `NPS ${score}${who ? ` from ${who}` : ''} on ${shortDay(day)}`;
}

/** A measure's facts as the one English detail line the engine writes. */
export function factsText(facts: readonly Fact[]): string {
  return facts.map(factText).join('; ');
}

/** The worded form of a measure's decision: MeasureScore, as the engine has always returned. */
export function withDetail(m: MeasureFacts): { score: number | null; detail: string } {
  return { score: m.score, detail: factsText(m.facts) };
}
