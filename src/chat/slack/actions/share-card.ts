import { sharedAccountCard } from '../../../app/shared-card';
import { ACTIONS } from '../../../cards/actions';
import { renderMessage } from '../../../cards/block-kit';
import { type MessageKey, t } from '../../../cards/i18n/t';
import { safely } from '../safely';
import { clickerLocale } from './clicker-locale';
import { slackAction } from './typed';

/** Share in channel: post the card visibly, then remove the private copy. */
export const shareCard = slackAction(ACTIONS.shareCard, (deps) => async (args, value) => {
  const channel = args.body.channel?.id;
  if (!channel) return;
  const tell = async (key: MessageKey) => {
    const text = t(await clickerLocale(deps, args.body.user.id), key);
    await args.respond({ response_type: 'ephemeral', replace_original: false, text });
  };
  await safely(
    deps.ctx.log,
    ACTIONS.shareCard,
    async () => {
      const who = await deps.identify(args.client, args.body.user.id);
      const card = await sharedAccountCard(deps.ctx, value.accountId, who.name, false, {
        platform: 'slack',
        channelId: channel,
      });
      try {
        await args.client.chat.postMessage({
          channel,
          ...renderMessage(card),
        });
      } catch (error) {
        deps.ctx.log.warn({ err: error, channel }, 'could not share a card');
        await tell('click.inviteTend');
        return;
      }
      if (args.body.response_url) await args.respond({ delete_original: true });
    },
    () => tell('click.sharingFailed'),
  );
});
