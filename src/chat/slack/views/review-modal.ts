import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { tendErrorText } from '../../../app/chat-commands';
import { recordReview } from '../../../app/reviews';
import { ACTIONS, parseValueOf } from '../../../cards/actions';
import { REVIEW_FIELDS as F } from '../../../cards/forms';
import { t } from '../../../cards/i18n/t';
import { isTendError } from '../../../errors';
import { clickerLocale } from '../actions/clicker-locale';
import type { SlackDeps } from '../deps';

/** The modal is cards/forms.ts reviewForm, drawn by cards/block-kit-modal.ts. */
export const callbackId = ACTIONS.reviewSave;
type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Save: the view id is the request key, so a repeated submission stores one review. */
export const listener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const values = view.state.values;
  const reason = values[F.reason]?.[F.reason]?.selected_option?.value ?? '';
  const learned = values[F.learned]?.[F.learned]?.value ?? null;
  const ref = parseValueOf(callbackId, view.private_metadata);
  const locale = await clickerLocale(deps, body.user.id);
  if (!ref || !deps.ctx.config.settings.reviews.reasons.includes(reason)) {
    await args.ack({
      response_action: 'errors',
      errors: { [F.reason]: t(locale, ref ? 'problem.pickReason' : 'problem.formOutOfDate') },
    });
    return;
  }
  await args.ack();
  try {
    const who = await deps.identify(client, body.user.id);
    const saved = await recordReview(deps.ctx, {
      accountId: ref.accountId,
      kind: ref.kind,
      reason,
      learned,
      createdBy: who.email ?? `slack:${who.id}`,
      requestKey: `slack:view:${view.id}`,
    });
    const text = saved.created
      ? t(locale, 'click.reviewSaved', { kind: ref.kind, n: saved.timeline })
      : t(locale, 'click.reviewAlreadySaved');
    await client.chat.postMessage({ channel: body.user.id, text });
  } catch (error) {
    if (!isTendError(error)) deps.ctx.log.error({ err: error }, 'review modal failed');
    const text = isTendError(error)
      ? tendErrorText(locale, error)
      : t(locale, 'click.reviewFailed');
    await client.chat.postMessage({ channel: body.user.id, text }).catch(() => {});
  }
};
