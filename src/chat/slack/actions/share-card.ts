import { sharedAccountCard } from '../../../app/shared-card';
import { ACTIONS } from '../../../cards/actions';
import { renderMessage } from '../../../cards/block-kit';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { accountValue, parseValue } from '../values';
import { type ButtonArgs, buttonValue } from './show';

export const actionId = ACTIONS.shareCard;

/** Share in channel: post the card visibly, then remove the private copy. */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const value = parseValue(accountValue, buttonValue(args));
  const channel = args.body.channel?.id;
  if (!value || !channel) return;
  const tell = (text: string) =>
    args.respond({ response_type: 'ephemeral', replace_original: false, text });
  await safely(
    deps.ctx.log,
    actionId,
    async () => {
      const who = await deps.identify(args.client, args.body.user.id);
      const card = await sharedAccountCard(deps.ctx, value.accountId, who.name);
      try {
        await args.client.chat.postMessage({
          channel,
          ...renderMessage(card),
        });
      } catch (error) {
        deps.ctx.log.warn({ err: error, channel }, 'could not share a card');
        await tell(
          "I can't post in this channel. Invite Tend to it (/invite @Tend) and try again.",
        );
        return;
      }
      if (args.body.response_url) await args.respond({ delete_original: true });
    },
    () => tell('Sharing failed: Tend is temporarily unavailable. Try again in a minute.'),
  );
};
