import { sharedAccountCard } from '../../../app/shared-card';
import { ACTIONS } from '../../../cards/actions';
import { renderMessage } from '../../../cards/block-kit';
import { safely } from '../safely';
import { slackAction } from './typed';

/**
 * Refresh on a shared card: the bot's own message is rewritten (chat.update) with today's
 * figures and who refreshed it; anyone in the channel may ask.
 */
export const refreshCard = slackAction(ACTIONS.refreshCard, (deps) => async (args, value) => {
  const container = args.body.container as { channel_id?: string; message_ts?: string };
  const channel = container?.channel_id;
  const ts = container?.message_ts;
  if (!channel || !ts) return;
  await safely(deps.ctx.log, ACTIONS.refreshCard, async () => {
    const who = await deps.identify(args.client, args.body.user.id);
    const card = await sharedAccountCard(deps.ctx, value.accountId, who.name, true, {
      platform: 'slack',
      channelId: channel,
    });
    await args.client.chat.update({
      channel,
      ts,
      ...renderMessage(card),
    });
  });
});
