import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { tendErrorText } from '../../../app/chat-commands';
import { logFollowUp, todayOf } from '../../../app/follow-ups';
import { ACTIONS, parseValueOf } from '../../../cards/actions';
import { renderMessage } from '../../../cards/block-kit';
import { followUpLoggedCard } from '../../../cards/follow-ups-card';
import { FOLLOW_UP_FIELDS as F } from '../../../cards/forms';
import { t } from '../../../cards/i18n/t';
import { noticeCard } from '../../../cards/notice-card';
import { isIsoDay } from '../../../domain/dates';
import { pastDueProblem } from '../../../domain/parse/due-date';
import { isTendError } from '../../../errors';
import { clickerLocale } from '../actions/clicker-locale';
import type { SlackDeps } from '../deps';

export const callbackId = ACTIONS.followUpModal;
type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The Log follow-up modal's Save: checked and acknowledged at once (errors show on the field),
 * then recorded; the view id is the request key, so a repeated submission records one.
 */
export const listener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const values = view.state.values;
  const title = values[F.title]?.[F.title]?.value?.trim() ?? '';
  const due = values[F.due]?.[F.due]?.selected_date ?? null;
  const owner = values[F.owner]?.[F.owner]?.selected_user ?? body.user.id;
  // The modal's own value, checked with the same schema that built it (cards/actions.ts).
  const meta = parseValueOf(callbackId, view.private_metadata);
  const past = due && isIsoDay(due) ? pastDueProblem(due, todayOf(deps.ctx)) : null;
  const locale = await clickerLocale(deps, body.user.id);
  if (title === '' || (due && !isIsoDay(due)) || past || !meta) {
    await args.ack({
      response_action: 'errors',
      errors:
        title === ''
          ? { [F.title]: t(locale, 'form.followUp.required') }
          : { [F.due]: t(locale, past ? 'problem.todayOrLater' : 'problem.pickDate') },
    });
    return;
  }
  await args.ack();
  const tell = async (card: Parameters<typeof renderMessage>[0]) => {
    const message = renderMessage(card);
    if (meta?.channelId) {
      await client.chat.postEphemeral({ channel: meta.channelId, user: body.user.id, ...message });
    } else {
      await client.chat.postMessage({ channel: body.user.id, ...message });
    }
  };
  try {
    const [submitter, ownerUser] = await Promise.all([
      deps.identify(client, body.user.id),
      deps.identify(client, owner),
    ]);
    const logged = await logFollowUp(deps.ctx, {
      accountId: meta.accountId,
      title,
      dueOn: due,
      ownerEmail: ownerUser.email,
      createdBy: submitter.email ?? `slack:${submitter.id}`,
      source: 'slack',
      requestKey: `slack:view:${view.id}`,
    });
    await tell(
      followUpLoggedCard(
        {
          title: logged.followUp.title,
          dueOn: logged.followUp.due_on,
          ownerEmail: logged.followUp.owner_email,
          accountName: logged.accountName,
        },
        logged.created,
        locale,
      ),
    );
  } catch (error) {
    deps.ctx.log.error({ err: error }, 'follow-up modal failed');
    const text = isTendError(error)
      ? tendErrorText(locale, error)
      : t(locale, 'click.nothingRecorded');
    await tell(noticeCard(t(locale, 'click.followUpNotRecorded'), text, locale)).catch(() => {});
  }
};
