import type { Band } from '../domain/health';
import type { Locale } from '../domain/locale';
import { money as localMoney, when } from './i18n/format';
import { type MessageKey, t } from './i18n/t';

/** Shared wording and number formats, so every card says things the same way. */
export const BAND_MARK: Record<Band, string> = { green: '🟢', yellow: '🟡', red: '🔴' };

export function formatMoney(amount: number | null, locale: Locale = 'en'): string {
  return localMoney(locale, amount);
}

export function formatDelta(delta: number | null, locale: Locale = 'en'): string {
  if (delta === null) return t(locale, 'delta.none');
  if (delta === 0) return '±0';
  return delta > 0 ? `+${delta}` : `−${Math.abs(delta)}`;
}

export const BAND_KEY: Record<Band, MessageKey> = {
  green: 'band.green',
  yellow: 'band.yellow',
  red: 'band.red',
};

export function formatScore(
  score: number | null,
  band: Band | null,
  locale: Locale = 'en',
): string {
  return score === null || band === null
    ? t(locale, 'score.none')
    : t(locale, 'score.value', { mark: BAND_MARK[band], score, band: t(locale, BAND_KEY[band]) });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A risk rule in words for people; the id (`usage_decline`) stays in settings and logs. */
const RULE_KEYS: Record<string, MessageKey> = {
  band_drop: 'rule.band_drop',
  score_drop: 'rule.score_drop',
  inactivity: 'rule.inactivity',
  usage_decline: 'rule.usage_decline',
  detractor: 'rule.detractor',
  urgent_ticket: 'rule.urgent_ticket',
  renewal_at_risk: 'rule.renewal_at_risk',
  onboarding_stall: 'rule.onboarding_stall',
  touch_overdue: 'rule.touch_overdue',
  seats_high: 'rule.seats_high',
  premium_adopted: 'rule.premium_adopted',
  users_growth: 'rule.users_growth',
};

export function ruleWords(rule: string, locale: Locale = 'en'): string {
  const key = RULE_KEYS[rule];
  return key ? t(locale, key) : rule.replaceAll('_', ' ');
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
  locale?: Locale;
}

/**
 * The one way Tend writes an instant: "10:02" today, "22 Nov 10:02" this year, "22 Nov 2025
 * 10:02" in another year, in the given zone. Days alone are written the same way (shortDay:
 * "22 Nov", with the year when it is not this year).
 */
export function formatWhen(at: Date, now: Date, timeZone: string, o: WhenOptions = {}): string {
  return when(o.locale ?? 'en', at, now, timeZone, o);
}

/**
 * When a snapshot was taken ("6 Dec 14:05 UTC"): with its date, since a shared card stays in
 * the channel for days, and its zone, since readers may be anywhere.
 */
export function formatTaken(
  at: Date,
  timeZone: string,
  now: Date = at,
  locale: Locale = 'en',
): string {
  return formatWhen(at, now, timeZone, { date: 'always', zone: true, locale });
}
