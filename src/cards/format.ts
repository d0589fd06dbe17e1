import type { Band } from '../domain/health';

/** Shared wording and number formats, so every card says things the same way. */
export const BAND_MARK: Record<Band, string> = { green: '🟢', yellow: '🟡', red: '🔴' };

const money = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});

export function formatMoney(amount: number | null): string {
  return amount === null ? '—' : money.format(amount);
}

export function formatDelta(delta: number | null): string {
  if (delta === null) return 'n/a';
  if (delta === 0) return '±0';
  return delta > 0 ? `+${delta}` : `−${Math.abs(delta)}`;
}

export function formatScore(score: number | null, band: Band | null): string {
  return score === null || band === null ? 'no score yet' : `${BAND_MARK[band]} ${score} ${band}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A risk rule in words for people; the id (`usage_decline`) stays in settings and logs. */
const RULE_WORDS: Record<string, string> = {
  band_drop: 'health band dropped',
  score_drop: 'score dropped',
  inactivity: 'no logins',
  usage_decline: 'usage declining',
  detractor: 'detractor NPS',
  urgent_ticket: 'urgent ticket open',
  renewal_at_risk: 'renewal at risk',
  onboarding_stall: 'onboarding stalled',
  seats_high: 'seats nearly all used',
  premium_adopted: 'premium feature adopted',
  users_growth: 'active users growing',
};

export function ruleWords(rule: string): string {
  return RULE_WORDS[rule] ?? rule.replaceAll('_', ' ');
}

/** Names longer than this are cut: a card's header and rows must stay readable on every surface. */
export const NAME_MAX = 80;

/** An account or person name as cards show it: at most NAME_MAX characters, cut with "…". */
export function shortName(name: string, max = NAME_MAX): string {
  const chars = Array.from(name);
  return chars.length <= max
    ? name
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

export interface WhenOptions {
  /** 'always': the date even today (a card that stays in a channel for days). */
  date?: 'auto' | 'always';
  /** Name the zone ("10:02 UTC") where a reader may be elsewhere or zones may differ. */
  zone?: boolean;
}

/**
 * The one way Tend writes an instant: "10:02" today, "22 Nov 10:02" this year, "22 Nov 2025
 * 10:02" in another year, in the given zone. Days alone are written the same way (shortDay:
 * "22 Nov", with the year when it is not this year).
 */
export function formatWhen(at: Date, now: Date, timeZone: string, o: WhenOptions = {}): string {
  const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone });
  const time = at.toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' });
  let text = time;
  if (o.date === 'always' || day(at) !== day(now)) {
    const sameYear = day(at).slice(0, 4) === day(now).slice(0, 4);
    const date = at.toLocaleDateString('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      ...(sameYear ? {} : { year: 'numeric' }),
    });
    text = `${date} ${time}`;
  }
  return o.zone ? `${text} ${timeZone}` : text;
}

/**
 * When a snapshot was taken ("6 Dec 14:05 UTC"): with its date, since a shared card stays in
 * the channel for days, and its zone, since readers may be anywhere.
 */
export function formatTaken(at: Date, timeZone: string, now: Date = at): string {
  return formatWhen(at, now, timeZone, { date: 'always', zone: true });
}
