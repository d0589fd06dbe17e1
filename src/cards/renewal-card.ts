import type { Band } from '../domain/health';
import type { Locale } from '../domain/locale';
import { ACTIONS } from './actions';
import { formatScore, shortName } from './format';
import { day, money } from './i18n/format';
import { t } from './i18n/t';
import { bold, button, type Card, type CardBlock, rich } from './model';

export interface RenewalCardView {
  accountId: number;
  name: string;
  renewalDate: string;
  daysLeft: number;
  arr: number | null;
  owner: string | null;
  score: number | null;
  band: Band | null;
  /** Set once someone acted: "Marked renewed by @jane (new date 2027-11-30)". */
  outcome?: string;
  /** Outcomes close the card; a plan or a follow-up leaves it open. */
  closed?: boolean;
  /**
   * The account was marked churned: the card says so instead of counting days to a renewal
   * that will not happen, and offers Undo while `undoUntil` (shown as a time) lasts.
   */
  churned?: { undoUntil: string | null };
}

/** "Mark churned" asks first: it closes the reminder and resolves the account's alerts. */
export function churnConfirm(locale: Locale = 'en') {
  return {
    title: t(locale, 'renewal.confirmTitle'),
    text: t(locale, 'renewal.confirmText'),
    yes: t(locale, 'renewal.markChurned'),
    no: t(locale, 'card.cancel'),
  };
}

export const CHURN_CONFIRM = churnConfirm('en');

/**
 * A renewal reminder, rewritten in place when someone records an outcome. The outcome line
 * comes worded by its writer, in this card's language (renewal-actions).
 */
export function renewalCard(v: RenewalCardView, locale: Locale = 'en'): Card {
  const value = { accountId: v.accountId, renewalDate: v.renewalDate };
  const name = shortName(v.name);
  // English keeps the booked ISO day it always showed; other languages write it their way.
  const due = locale === 'en' ? v.renewalDate : day(locale, v.renewalDate);
  const headline = v.churned
    ? rich(bold(name), t(locale, 'renewal.churnedWasDue', { day: due }))
    : rich(bold(name), t(locale, 'renewal.renewsOn', { day: due, days: v.daysLeft }));
  const blocks: CardBlock[] = [
    { type: 'text', text: headline },
    {
      type: 'facts',
      facts: [
        { label: t(locale, 'renewal.arr'), value: rich(money(locale, v.arr)) },
        { label: t(locale, 'renewal.health'), value: rich(formatScore(v.score, v.band, locale)) },
        { label: t(locale, 'renewal.owner'), value: rich(v.owner ?? '—') },
      ],
    },
  ];
  if (v.outcome) blocks.push({ type: 'status', text: rich(v.outcome) });
  const review = button(t(locale, 'renewal.writeReview'), ACTIONS.reviewOpen, {
    accountId: v.accountId,
    kind: 'churn',
  });
  if (v.churned?.undoUntil) {
    blocks.push(
      {
        type: 'context',
        text: rich(t(locale, 'renewal.undoUntil', { when: v.churned.undoUntil })),
      },
      {
        type: 'actions',
        elements: [review, button(t(locale, 'renewal.undo'), ACTIONS.renewalUndoChurn, value)],
      },
    );
  } else if (v.churned) {
    blocks.push({ type: 'actions', elements: [review] });
  }
  if (!v.closed && !v.churned) {
    blocks.push({
      type: 'actions',
      elements: [
        button(t(locale, 'renewal.startPlan'), ACTIONS.renewalPlan, value, 'primary'),
        button(t(locale, 'renewal.logFollowUp'), ACTIONS.renewalFollowUp, value),
        button(t(locale, 'renewal.markRenewed'), ACTIONS.renewalRenewed, value),
        button(
          t(locale, 'renewal.markChurned'),
          ACTIONS.renewalChurned,
          value,
          'danger',
          churnConfirm(locale),
        ),
        button(t(locale, 'renewal.snoozeWeek'), ACTIONS.renewalSnooze, value),
      ],
    });
  }
  return {
    title: v.churned
      ? t(locale, 'renewal.titleChurned', { name })
      : t(locale, 'renewal.title', { days: v.daysLeft, name }),
    fallback: v.churned
      ? t(locale, 'renewal.fallbackChurned', { name, day: due })
      : t(locale, 'renewal.fallback', { name, day: due, days: v.daysLeft }),
    blocks,
    locale,
  };
}
