import type { Locale } from '../domain/locale';
import { reasonWords } from '../domain/reviews';
import { type MessageKey, t } from './i18n/t';

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
