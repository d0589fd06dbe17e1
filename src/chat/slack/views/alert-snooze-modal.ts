import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { applyAlertAction, snoozeUntilProblem } from '../../../app/alert-actions';
import { todayOf } from '../../../app/follow-ups';
import { ACTIONS, parseValueOf } from '../../../cards/actions';
import { renderMessage } from '../../../cards/block-kit';
import { SNOOZE_FIELDS as F } from '../../../cards/forms';
import { t, tm } from '../../../cards/i18n/t';
import { noticeCard } from '../../../cards/notice-card';
import { clickerLocale } from '../actions/clicker-locale';
import type { SlackDeps } from '../deps';

/** The modal is cards/forms.ts snoozeUntilForm, drawn by cards/block-kit-modal.ts. */
export const callbackId = ACTIONS.alertSnoozeUntil;
type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Save: checked at once (problems show on the fields); the view id is the request key. */
export const listener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const day = view.state.values[F.until]?.[F.until]?.selected_date ?? '';
  const reason = view.state.values[F.reason]?.[F.reason]?.value ?? '';
  const meta = parseValueOf(callbackId, view.private_metadata);
  const locale = await clickerLocale(deps, body.user.id);
  const problem = meta
    ? snoozeUntilProblem(day, reason, todayOf(deps.ctx))
    : { field: 'until' as const, msg: { key: 'problem.outOfDate' } };
  if (problem || !meta) {
    const field = problem?.field === 'reason' ? F.reason : F.until;
    const said = problem ? tm(locale, problem.msg) : '';
    await args.ack({ response_action: 'errors', errors: { [field]: said } });
    return;
  }
  await args.ack();
  try {
    const who = await deps.identify(client, body.user.id);
    const result = await applyAlertAction(
      deps.ctx,
      meta.alertId,
      { kind: 'snooze-until', day, reason },
      { id: who.id, name: `@${who.name}`, platform: 'slack', locale },
      `slack:view:${view.id}`,
    );
    if (!result.changed && meta.channelId) {
      await client.chat.postEphemeral({
        channel: meta.channelId,
        user: body.user.id,
        ...renderMessage(noticeCard(t(locale, 'click.snoozeTitle'), result.message, locale)),
      });
    }
  } catch (error) {
    deps.ctx.log.error({ err: error }, 'snooze modal failed');
  }
};
