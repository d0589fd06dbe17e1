import type { Activity, ConversationParameters, TurnContext } from 'botbuilder';
import type { AppContext } from '../../app/context';
import { defaultLocale } from '../../app/languages';
import { ACTIONS } from '../../cards/actions';
import { t } from '../../cards/i18n/t';
import type { Card } from '../../cards/model';
import { withoutButtons } from '../../cards/shared-copy';
import { conversationKey, tenantOf } from './activity';
import { rememberConversation } from './references';
import { cardActivity } from './render';

/** The ConnectorClient calls used here (its types live in botframework-connector). */
interface Conversations {
  conversations: {
    createConversation(p: ConversationParameters): Promise<{ id?: string }>;
    sendToConversation(id: string, a: Partial<Activity>): Promise<{ id?: string }>;
  };
}

/**
 * A private card from a channel remembers where it came from: its Share button carries the
 * channel, so "Share in channel" clicked in the personal chat posts there.
 */
export function withShareTarget(card: Card, channelKey: string): Card {
  return {
    ...card,
    blocks: card.blocks.map((b) =>
      b.type !== 'actions'
        ? b
        : {
            ...b,
            elements: b.elements.map((e) => {
              if (e.kind !== 'button' || e.actionId !== ACTIONS.shareCard) return e;
              const value = JSON.parse(e.value) as Record<string, unknown>;
              return { ...e, value: JSON.stringify({ ...value, teamsChannel: channelKey }) };
            }),
          },
    ),
  };
}

/**
 * In a personal chat there is no channel to share into: a Share button that does not carry the
 * channel the card was asked for in (withShareTarget) is left out rather than shown to explain.
 */
export function forPersonalChat(card: Card): Card {
  return withoutButtons(card, (e) => {
    if (e.kind !== 'button' || e.actionId !== ACTIONS.shareCard) return false;
    try {
      return !(JSON.parse(e.value) as { teamsChannel?: unknown }).teamsChannel;
    } catch {
      return true;
    }
  });
}

/**
 * Teams has no ephemeral messages. An answer meant for one person, asked for in a channel or
 * group chat, goes to their personal chat with the bot (opened if need be, and remembered for
 * later direct messages); the thread gets a one-line pointer. Returns false only when the
 * personal chat could not be opened or the answer not sent there, so the caller answers in the
 * thread instead; once the answer is sent privately it never goes to the thread.
 */
export async function replyPrivately(
  ctx: AppContext,
  turn: TurnContext,
  card: Card,
): Promise<boolean> {
  const a = turn.activity;
  const client: Conversations | undefined = turn.turnState.get(turn.adapter.ConnectorClientKey);
  if (!client) return false;
  const tenantId = tenantOf(a) ?? undefined;
  let conversation: { id: string; conversationType: string; tenantId: string | undefined };
  try {
    const created = await client.conversations.createConversation({
      isGroup: false,
      bot: a.recipient,
      members: [a.from],
      ...(tenantId ? { tenantId } : {}),
      channelData: tenantId ? { tenant: { id: tenantId } } : {},
    });
    if (!created.id) return false;
    conversation = { id: created.id, conversationType: 'personal', tenantId };
    await client.conversations.sendToConversation(created.id, {
      ...cardActivity(withShareTarget(card, conversationKey(a))),
      from: a.recipient,
      recipient: a.from,
      conversation: conversation as Activity['conversation'],
    });
  } catch (error) {
    ctx.log.warn({ err: error }, 'teams: could not open a personal chat; answering in the thread');
    return false;
  }
  // The private answer is delivered: from here on nothing may fall back to the thread, which
  // would show it to the whole channel. Remembering the chat only saves a lookup later.
  try {
    await rememberConversation(ctx, {
      ...a,
      conversation: conversation as Activity['conversation'],
      channelData: { tenant: { id: tenantId } },
    });
  } catch (error) {
    ctx.log.warn({ err: error }, 'teams: sent the private answer but could not remember the chat');
  }
  // Said to the person who asked, in their answer's language (the card's).
  await turn.sendActivity(
    t(card.locale ?? defaultLocale(ctx), 'click.sentPrivately', { fallback: card.fallback }),
  );
  return true;
}
