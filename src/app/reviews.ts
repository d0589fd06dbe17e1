import { reviewForm } from '../cards/forms';
import { t } from '../cards/i18n/t';
import type { Card, Submit } from '../cards/model';
import { reasonWordsIn } from '../cards/review-words';
import type { Locale } from '../domain/locale';
import { buildTimeline, type ReviewKind, TIMELINE_DAYS } from '../domain/reviews';
import { cleanChatText } from '../domain/text-input';
import { getAccount } from '../store/accounts';
import { insertReview, timelineRows } from '../store/reviews';
import { type Actor, type AlertActionResult, applyAlertAction } from './alert-actions';
import type { AppContext } from './context';
import { defaultLocale } from './languages';
import { userError } from './user-error';

export const LEARNED_MAX = 2000;

export interface ReviewInput {
  accountId: number;
  kind: ReviewKind;
  reason: string;
  learned: string | null;
  createdBy: string;
  requestKey: string;
}

/**
 * Records a churn or save review with the account's timeline of the last TIMELINE_DAYS days,
 * built now and stored with it. The reason must be one of `reviews.reasons`.
 */
export async function recordReview(
  ctx: AppContext,
  input: ReviewInput,
): Promise<{ created: boolean; timeline: number }> {
  if (!ctx.config.settings.reviews.reasons.includes(input.reason)) {
    throw userError('bad_reason', 'review.badReason', {
      reason: input.reason,
      names: ctx.config.settings.reviews.reasons.join(', '),
    });
  }
  const learned = input.learned === null ? null : cleanChatText(input.learned).trim() || null;
  if (learned && learned.length > LEARNED_MAX) {
    throw userError('too_long', 'review.learnedTooLong', { max: LEARNED_MAX });
  }
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const account = await getAccount(trx, input.accountId);
    if (!account) throw userError('account_not_found', 'account.gone');
    const since = new Date(now.getTime() - TIMELINE_DAYS * 86_400_000);
    const timeline = buildTimeline(await timelineRows(trx, input.accountId, since), since);
    const row = await insertReview(trx, {
      accountId: input.accountId,
      kind: input.kind,
      reason: input.reason,
      learned,
      timeline,
      createdBy: input.createdBy,
      at: now,
      requestKey: input.requestKey,
    });
    return { created: row !== null, timeline: timeline.length };
  });
}

/** The review form for an account, or why there is none. */
export async function reviewFormFor(
  ctx: AppContext,
  accountId: number,
  kind: ReviewKind,
  save: Submit,
  locale: Locale = defaultLocale(ctx),
): Promise<{ form: Card } | { note: string }> {
  const account = await getAccount(ctx.db, accountId);
  if (!account) return { note: t(locale, 'account.gone') };
  const reasons = ctx.config.settings.reviews.reasons.map((r) => ({
    label: reasonWordsIn(locale, r),
    value: r,
  }));
  return { form: reviewForm({ accountName: account.name, kind, reasons }, save, locale) };
}

/**
 * Resolved · saved on an alert card: resolves the alert (its history says "saved") and answers
 * the save review form for its account. A moot click (already resolved, a retried request)
 * answers the use case's message and no form.
 */
export async function resolveAsSaved(
  ctx: AppContext,
  alertId: number,
  actor: Actor,
  requestKey: string,
  save: (accountId: number) => Submit,
): Promise<{ result: AlertActionResult; form: Card | null; note?: string }> {
  const result = await applyAlertAction(
    ctx,
    alertId,
    { kind: 'resolve', saved: true },
    actor,
    requestKey,
  );
  if (!result.changed) return { result, form: null };
  const accountId = result.alert.account_id;
  const answer = await reviewFormFor(
    ctx,
    accountId,
    'save',
    save(accountId),
    actor.locale ?? defaultLocale(ctx),
  );
  return 'form' in answer
    ? { result, form: answer.form }
    : { result, form: null, note: answer.note };
}
