import { shortDay } from '../../domain/dates';
import type { Locale } from '../../domain/locale';

// Node 20 ships full ICU: Intl knows every locale's digits, currency and calendar words. The
// English forms are kept exactly as the cards wrote them before (`22 Nov`, `$1,200`), so an
// English card is byte for byte what it was.

const INTL_TAG: Record<Locale, string> = { en: 'en-US', 'zh-CN': 'zh-CN' };

const moneyFormats = new Map<Locale, Intl.NumberFormat>();
const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** ARR and other amounts: whole US dollars ("$1,200" / "US$1,200"); null is "—". */
export function money(locale: Locale, amount: number | null): string {
  if (amount === null) return '—';
  let f = moneyFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(INTL_TAG[locale], {
      style: 'currency',
      currency: 'USD',
      maximumFractionDigits: 0,
    });
    moneyFormats.set(locale, f);
  }
  return f.format(amount);
}

export function number(locale: Locale, n: number): string {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(INTL_TAG[locale]);
    numberFormats.set(locale, f);
  }
  return f.format(n);
}

/**
 * A calendar day ('2026-11-22') as cards write it: "22 Nov" / "11月22日", with the year when
 * it is not `today`'s year.
 */
export function day(locale: Locale, iso: string, today?: string): string {
  if (locale === 'en') return shortDay(iso, today);
  const sameYear = !today || today.slice(0, 4) === iso.slice(0, 4);
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(INTL_TAG[locale], {
    timeZone: 'UTC',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** Whole days from now: "in 5 days", "3 days ago" / "5天后", "3天前"; 0 is "today" / "今天". */
export function relativeDays(locale: Locale, days: number, zeroIsToday = false): string {
  const f = new Intl.RelativeTimeFormat(INTL_TAG[locale], {
    numeric: zeroIsToday ? 'auto' : 'always',
  });
  return f.format(days, 'day');
}

/**
 * An instant as cards write it, in `timeZone`: the time today, else the day and the time
 * ("22 Nov 10:02" / "11月22日 10:02"), the zone named when asked.
 */
export function when(
  locale: Locale,
  at: Date,
  now: Date,
  timeZone: string,
  o: { date?: 'auto' | 'always'; zone?: boolean } = {},
): string {
  const isoDay = (d: Date) => d.toLocaleDateString('en-CA', { timeZone });
  const time = at.toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' });
  let text = time;
  if (o.date === 'always' || isoDay(at) !== isoDay(now)) {
    const date =
      locale === 'en'
        ? at.toLocaleDateString('en-GB', {
            timeZone,
            day: 'numeric',
            month: 'short',
            ...(isoDay(at).slice(0, 4) === isoDay(now).slice(0, 4) ? {} : { year: 'numeric' }),
          })
        : day(locale, isoDay(at), isoDay(now));
    text = `${date} ${time}`;
  }
  return o.zone ? `${text} ${timeZone}` : text;
}

const listFormats = new Map<string, Intl.ListFormat>();

/**
 * Names in a row, as the locale writes a list: "Acme, Globex" / "Acme、Globex". The narrow
 * conjunction has no "and"/"和" (English stays "A, B, C" as cards wrote it), so a list reads the
 * same in a question ("did you mean …") as in a statement; `unit` would run Chinese names together.
 */
export function list(locale: Locale, items: readonly string[]): string {
  let f = listFormats.get(locale);
  if (!f) {
    f = new Intl.ListFormat(INTL_TAG[locale], { type: 'conjunction', style: 'narrow' });
    listFormats.set(locale, f);
  }
  return f.format(items);
}
