import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { tendErrorText } from '../../../app/chat-commands';
import { accountForLog, logTouch, touchProblem } from '../../../app/timeline';
import { ACTIONS, parseValueOf } from '../../../cards/actions';
import { renderMessage } from '../../../cards/block-kit';
import { t, tm } from '../../../cards/i18n/t';
import { LOG_FIELDS as F } from '../../../cards/log-message-form';
import type { Card } from '../../../cards/model';
import { noticeCard } from '../../../cards/notice-card';
import { isTendError } from '../../../errors';
import { clickerLocale } from '../actions/clicker-locale';
import type { SlackDeps } from '../deps';

/** The modal is cards/log-message-form.ts, opened by shortcuts/log-to-account.ts. */
export const callbackId = ACTIONS.logMessage;
type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Save: the account is looked up before the ack (a name that fits none, or several, is said
 * on the field and the modal stays); then the message goes on the account's timeline with
 * its author and permalink. The view id is the request key: a repeated submission is one entry.
 */
export const listener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const values = view.state.values;
  const accountQuery = values[F.account]?.[F.account]?.value ?? '';
  const text = values[F.text]?.[F.text]?.value ?? '';
  const meta = parseValueOf(callbackId, view.private_metadata);
  const textProblem = touchProblem(text);
  const locale = await clickerLocale(deps, body.user.id);
  if (!meta || textProblem) {
    await args.ack({
      response_action: 'errors',
      errors: { [F.text]: tm(locale, textProblem ?? { key: 'problem.formOutOfDate' }) },
    });
    return;
  }
  const target = await accountForLog(deps.ctx, accountQuery, locale).catch(() => null);
  if (target && !target.ok) {
    await args.ack({
      response_action: 'errors',
      errors: { [F.account]: tm(locale, target.problem) },
    });
    return;
  }
  await args.ack();
  const tell = async (card: Card) => {
    const out = renderMessage(card);
    if (meta.channelId) {
      await client.chat.postEphemeral({ channel: meta.channelId, user: body.user.id, ...out });
    } else {
      await client.chat.postMessage({ channel: body.user.id, ...out });
    }
  };
  try {
    if (!target) throw new Error('the account lookup failed');
    const who = await deps.identify(client, body.user.id);
    const [link, author] = await Promise.all([
      permalink(args, meta.channelId, meta.ts),
      meta.authorId
        ? deps
            .identify(client, meta.authorId)
            .then((a) => a.name)
            .catch(() => null)
        : null,
    ]);
    const logged = await logTouch(deps.ctx, {
      accountId: target.accountId,
      text,
      kind: 'message',
      loggedBy: who.name,
      author,
      link,
      platform: 'slack',
      ...(meta.ts ? { at: atOf(meta.ts, deps.ctx.clock.now()) } : {}),
      requestKey: `slack:view:${view.id}`,
      locale,
    });
    await tell(logged.card);
  } catch (error) {
    if (!isTendError(error)) deps.ctx.log.error({ err: error }, 'log to account failed');
    const message = isTendError(error)
      ? tendErrorText(locale, error)
      : t(locale, 'click.nothingRecorded');
    await tell(noticeCard(t(locale, 'form.log.title'), message, locale)).catch(() => {});
  }
};

/** The message's permalink; null when Slack will not say (the timeline entry is kept). */
async function permalink(
  args: Args,
  channel: string | undefined,
  ts: string | undefined,
): Promise<string | null> {
  if (!channel || !ts) return null;
  try {
    const answer = await args.client.chat.getPermalink({ channel, message_ts: ts });
    return answer.permalink ?? null;
  } catch {
    return null;
  }
}

/** When the message was written (its ts), never later than now. */
function atOf(ts: string, now: Date): Date {
  const at = new Date(Math.floor(Number(ts) * 1000));
  return Number.isNaN(at.getTime()) || at > now ? now : at;
}
