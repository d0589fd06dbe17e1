import { accountCardById } from '../../../app/account-health';
import { ACTIONS } from '../../../cards/actions';
import { renderMessage } from '../../../cards/block-kit';
import type { Card } from '../../../cards/model';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { accountValue, parseValue } from '../values';
import { type ButtonArgs, buttonValue } from './show';

export const actionId = ACTIONS.shareCard;

/** The shared copy says who shared it and drops the Share button (it is shared already). */
function sharedCopy(card: Card, by: string): Card {
  const blocks = card.blocks
    .map((b) =>
      b.type === 'actions'
        ? { ...b, elements: b.elements.filter((e) => e.actionId !== ACTIONS.shareCard) }
        : b,
    )
    .filter((b) => b.type !== 'actions' || b.elements.length > 0);
  return {
    ...card,
    fallback: `${by} shared: ${card.fallback}`,
    blocks: [...blocks, { type: 'context', text: [{ text: `Shared by ${by}` }] }],
  };
}

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
      const [who, card] = await Promise.all([
        deps.identify(args.client, args.body.user.id),
        accountCardById(deps.ctx, value.accountId),
      ]);
      try {
        await args.client.chat.postMessage({
          channel,
          ...renderMessage(sharedCopy(card, who.name)),
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
