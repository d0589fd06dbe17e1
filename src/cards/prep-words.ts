import type { Band } from '../domain/health';
import type { Locale } from '../domain/locale';
import type { UsageFigure } from '../domain/prep/brief';
import type { TalkingPoint } from '../domain/prep/talking-points';
import { BAND_KEY, formatMoney } from './format';
import { type MessageKey, type Params, t, tm } from './i18n/t';

// The meeting brief's words: the rules in domain/prep return keys and facts, worded here in
// the reader's language.

const USAGE_KEY: Record<UsageFigure['key'], MessageKey> = {
  active_users: 'prep.usage.active_users',
  logins: 'prep.usage.logins',
  features: 'prep.usage.features',
};

export function usageLabel(locale: Locale, key: UsageFigure['key']): string {
  return t(locale, USAGE_KEY[key]);
}

/** A talking point in `locale`: its optional parts worded, absent ones left out. */
export function pointText(locale: Locale, point: TalkingPoint): string {
  const p = point.params ?? {};
  const part = (name: string, key: MessageKey, params: (v: string | number) => Params) =>
    p[name] === undefined ? '' : t(locale, key, params(p[name]!));
  const params: Params = {
    ...p,
    arr: part('arr', 'prep.point.arr', (v) => ({ money: formatMoney(Number(v), locale) })),
    who: part('who', 'prep.point.who', (v) => ({ who: v })),
    said: part('said', 'prep.point.said', (v) => ({ quote: v })),
    why: part('why', 'prep.point.why', (v) => ({ driver: v })),
    oldest: part('oldest', 'prep.point.oldest', (v) => ({ n: v })),
    more: part('more', 'prep.point.more', (v) => ({ n: v })),
    ...(typeof p.band === 'string' ? { band: t(locale, BAND_KEY[p.band as Band]) } : {}),
    ...(typeof p.usage === 'string'
      ? { usage: usageLabel(locale, p.usage as UsageFigure['key']) }
      : {}),
  };
  return tm(locale, { key: point.key, params: params as Record<string, string | number> });
}
