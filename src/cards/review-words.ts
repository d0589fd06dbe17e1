import type { Locale } from '../domain/locale';
import { reasonWords } from '../domain/reviews';
import { type MessageKey, t } from './i18n/t';
import { kindWords } from './timeline-card';
import { timelineText } from './timeline-words';

/** The default churn/save reason codes in words; a configured code reads as itself. */
const REASON_KEY: Record<string, MessageKey> = {
  price: 'review.reason.price',
  product_gap: 'review.reason.product_gap',
  champion_left: 'review.reason.champion_left',
  budget: 'review.reason.budget',
  poor_onboarding: 'review.reason.poor_onboarding',
  support: 'review.reason.support',
  competitor: 'review.reason.competitor',
  acquired_closed: 'review.reason.acquired_closed',
  other: 'review.reason.other',
};

export function reasonWordsIn(locale: Locale, code: string): string {
  const key = REASON_KEY[code];
  return key ? t(locale, key) : reasonWords(code);
}

/**
 * A line of a review's stored timeline in `locale`: its kind and what happened, worded from
 * the codes stored with it. Rows stored before the codes (no `args`) read as stored, in English.
 */
export function reviewEntryText(
  locale: Locale,
  e: { kind: string; text: string; args?: unknown; by?: string | null },
): string {
  if (e.args === undefined || e.args === null) return e.text;
  // Worded with no fallback text: an empty answer means the codes were not readable.
  const text = timelineText(locale, { kind: e.kind, text: '', args: e.args });
  if (text === '') return e.text;
  return t(locale, 'review.entry', { what: kindWords(locale, e.kind), text, who: e.by ?? 'none' });
}
