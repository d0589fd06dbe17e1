import type { TurnContext } from 'botbuilder';
import { tooLongCard } from '../../app/chat-commands';
import { runChatMessage } from '../../app/chat-message';
import type { AppContext } from '../../app/context';
import { defaultLocale } from '../../app/languages';
import { normalizeLocale } from '../../domain/locale';
import { MAX_COMMAND_CHARS } from '../../domain/text-input';
import { addressesBot, commandText, conversationKey, kindOf } from './activity';
import { withCharts } from './charts';
import { identify } from './identify';
import { forPersonalChat, replyPrivately } from './private-reply';
import { cardActivity } from './render';

/**
 * A message to the bot is a command, in the same words as Slack's slash commands, or else a
 * question in English or Chinese ("how is acme doing?"): the same use cases answer. The activity id is the request key, so a redelivered message
 * records one follow-up. Private answers asked for in a channel go to the person's personal chat
 * (see private-reply.ts); answers meant for the channel (cs subscribe …) go to its thread.
 */
export async function handleCommand(ctx: AppContext, turn: TurnContext): Promise<void> {
  const a = turn.activity;
  if (!addressesBot(a)) return;
  // Bounded before any work: a message's markup (mentions, HTML) adds a little to what was
  // typed, so allow twice the command limit; past it the mention removal and the regexes below
  // would run over megabytes (a 900 KB message once blocked the process for 109 s).
  if (typeof a.text === 'string' && a.text.length > 2 * MAX_COMMAND_CHARS) {
    await turn.sendActivity(
      cardActivity(tooLongCard(normalizeLocale(a.locale) ?? defaultLocale(ctx))),
    );
    return;
  }
  const text = commandText(a);
  const user = await identify(ctx, turn);
  const reply = await runChatMessage(ctx, {
    platform: 'teams',
    user,
    // Teams says the sender's language on every activity; the cached profile is a fallback.
    locale: normalizeLocale(a.locale) ?? user.locale ?? null,
    channelId: conversationKey(a),
    direct: kindOf(a) === 'personal',
    text: text === '' ? 'help' : text,
    requestKey: a.id ?? `${a.conversation.id}:${a.timestamp?.toString() ?? ''}`,
  });
  // Pictures go inline (Teams has no 3-second acknowledgement for a message).
  const card = await withCharts(ctx, reply.card);
  if (reply.visibility === 'ephemeral' && kindOf(a) !== 'personal') {
    if (await replyPrivately(ctx, turn, card)) return;
  }
  const personal = kindOf(a) === 'personal';
  await turn.sendActivity(cardActivity(personal ? forPersonalChat(card) : card));
}
