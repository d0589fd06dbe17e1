import { randomUUID } from 'node:crypto';
import { tendErrorText } from '../../app/chat-commands';
import { recordReview, reviewFormFor } from '../../app/reviews';
import { ACTIONS } from '../../cards/actions';
import { REVIEW_FIELDS } from '../../cards/forms';
import { t } from '../../cards/i18n/t';
import { submit } from '../../cards/model';
import { noticeCard } from '../../cards/notice-card';
import { isTendError } from '../../errors';
import type { Handler, Handlers } from './actions';

/** Write churn / save review: the form in place of the card; its Save carries a form id. */
const open: Handler<'review.open'> = async ({ ctx, locale }, v) => {
  const form = await reviewFormFor(
    ctx,
    v.accountId,
    v.kind,
    submit(t(locale, 'form.save'), ACTIONS.reviewSave, {
      accountId: v.accountId,
      kind: v.kind,
      form: randomUUID(),
    }),
    locale,
  );
  return 'note' in form ? { note: form.note } : { replace: form.form };
};

/** The review form's Save: stored once per form (its id is the request key). */
const save: Handler<'review.save'> = async ({ ctx, data, who, turn, locale }, v) => {
  const reason = data[REVIEW_FIELDS.reason];
  const learned = data[REVIEW_FIELDS.learned];
  if (typeof reason !== 'string' || !ctx.config.settings.reviews.reasons.includes(reason)) {
    return { note: t(locale, 'problem.pickReason') };
  }
  try {
    const saved = await recordReview(ctx, {
      accountId: v.accountId,
      kind: v.kind,
      reason,
      learned: typeof learned === 'string' ? learned : null,
      createdBy: who.email ?? `teams:${who.id}`,
      requestKey: `teams:form:${v.form ?? turn.activity.id}`,
    });
    const text = saved.created
      ? t(locale, 'click.reviewSaved', { kind: v.kind, n: saved.timeline })
      : t(locale, 'click.reviewAlreadySaved');
    return { replace: noticeCard(t(locale, 'click.reviewSavedTitle'), text, locale) };
  } catch (error) {
    if (isTendError(error)) return { note: tendErrorText(locale, error) };
    throw error;
  }
};

export const REVIEW_HANDLERS: Handlers = {
  [ACTIONS.reviewOpen]: open,
  [ACTIONS.reviewSave]: save,
};
