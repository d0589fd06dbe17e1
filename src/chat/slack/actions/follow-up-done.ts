import { completeFollowUp, followUpsOfAccount, myFollowUps } from '../../../app/follow-ups';
import { homeFor } from '../../../app/home';
import { defaultLocale } from '../../../app/languages';
import { ACTIONS } from '../../../cards/actions';
import { renderBlocks, renderMessage } from '../../../cards/block-kit';
import { t } from '../../../cards/i18n/t';
import type { Card } from '../../../cards/model';
import { safely } from '../safely';
import { isFromView } from './show';
import { slackAction } from './typed';

/**
 * Done: closes the follow-up (once, however often it is clicked) and redraws the list it was
 * clicked in: an ephemeral message through response_url, a channel message with chat.update,
 * the Home tab by publishing it again.
 */
export const followUpDone = slackAction(ACTIONS.followUpDone, (deps) => async (args, value) => {
  const { ctx } = deps;
  await safely(ctx.log, ACTIONS.followUpDone, async () => {
    const who = await deps.identify(args.client, args.body.user.id);
    const locale = who.locale ?? defaultLocale(ctx);
    const done = await completeFollowUp(ctx, value.followUpId, who.email ?? `slack:${who.id}`);
    const f = done.followUp;
    const note = done.changed
      ? t(locale, 'click.followUpDone', { title: f.title })
      : t(locale, 'click.followUpAlreadyDone', { title: f.title, by: f.done_by ?? 'none' });
    if (isFromView(args)) {
      const home = await homeFor(ctx, who);
      await args.client.views.publish({
        user_id: who.id,
        view: { type: 'home', blocks: renderBlocks(home, { surface: 'view' }) as never[] },
      });
      return;
    }
    let card: Card;
    if (value.list === 'account') card = await followUpsOfAccount(ctx, f.account_id, locale);
    else if (who.email) card = await myFollowUps(ctx, who.email, undefined, 0, locale);
    else card = { title: t(locale, 'click.followUpTitle'), fallback: note, blocks: [], locale };
    card = { ...card, blocks: [{ type: 'status', text: [{ text: note }] }, ...card.blocks] };
    const container = args.body.container as {
      is_ephemeral?: boolean;
      channel_id?: string;
      message_ts?: string;
    };
    if (!container.is_ephemeral && container.channel_id && container.message_ts) {
      await args.client.chat.update({
        channel: container.channel_id,
        ts: container.message_ts,
        ...renderMessage(card),
      });
    } else {
      await args.respond({ replace_original: true, ...renderMessage(card) } as never);
    }
  });
});
