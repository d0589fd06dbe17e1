import type { Locale } from '../domain/locale';
import { formatMoney } from './format';
import { t } from './i18n/t';

/**
 * An expansion potential and how it was computed ("$24,000 (20% of ARR)"), said on the card so
 * nobody mistakes it for a forecast.
 */
export function potentialWords(
  locale: Locale,
  potential: number | null,
  upliftPct: number,
): string {
  const how = t(locale, 'expansion.how', { pct: upliftPct });
  return potential === null
    ? t(locale, 'expansion.noArr', { how })
    : t(locale, 'expansion.potential', { money: formatMoney(potential, locale), how });
}
