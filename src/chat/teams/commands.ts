import type { TurnContext } from 'botbuilder';
import { runChatCommand } from '../../app/chat-commands';
import type { AppContext } from '../../app/context';
import { addressesBot, commandText, conversationKey, kindOf } from './activity';
import { identify } from './identify';
import { forPersonalChat, replyPrivately } from './private-reply';
import { cardActivity } from './render';

/**
 * A message to the bot is a command, in the same words as Slack's slash commands: the same
 * parser and use cases answer. The activity id is the request key, so a redelivered message
 * records one follow-up. Private answers asked for in a channel go to the person's personal chat
 * (see private-reply.ts); answers meant for the channel (cs subscribe …) go to its thread.
 */
export async function handleCommand(ctx: AppContext, turn: TurnContext): Promise<void> {
  const a = turn.activity;
  if (!addressesBot(a)) return;
  const text = commandText(a);
  const user = await identify(ctx, turn);
  const reply = await runChatCommand(ctx, {
    platform: 'teams',
    user,
    channelId: conversationKey(a),
    text: text === '' ? 'help' : text,
    requestKey: a.id ?? `${a.conversation.id}:${a.timestamp?.toString() ?? ''}`,
  });
  if (reply.visibility === 'ephemeral' && kindOf(a) !== 'personal') {
    if (await replyPrivately(ctx, turn, reply.card)) return;
  }
  const personal = kindOf(a) === 'personal';
  await turn.sendActivity(cardActivity(personal ? forPersonalChat(reply.card) : reply.card));
}
