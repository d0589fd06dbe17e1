import type { Activity, ConversationReference } from 'botbuilder';
import { TurnContext } from 'botbuilder';
import type { TeamsConversationKind } from '../../app/teams-conversations';

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string };
  channel?: { id?: string };
}

const channelData = (a: Partial<Activity>): TeamsChannelData =>
  (a.channelData ?? {}) as TeamsChannelData;

export function tenantOf(a: Partial<Activity>): string | null {
  return channelData(a).tenant?.id ?? a.conversation?.tenantId ?? null;
}

export function kindOf(a: Partial<Activity>): TeamsConversationKind {
  const type = a.conversation?.conversationType;
  if (type === 'channel' || channelData(a).channel?.id) return 'channel';
  if (type === 'groupChat' || a.conversation?.isGroup) return 'groupChat';
  return 'personal';
}

/**
 * What Tend calls the conversation (the outbox's channel id, a subscription's channel): the
 * team channel's id without the ";messageid=" of the thread it was typed in, else the chat's
 * conversation id.
 */
export function conversationKey(a: Partial<Activity>): string {
  const id = a.conversation?.id ?? '';
  if (kindOf(a) === 'channel') return channelData(a).channel?.id ?? id.split(';')[0] ?? id;
  return id;
}

/**
 * The reference to store for proactive sends. For a channel it points at the channel itself,
 * so a later send starts a new post instead of answering in an old thread.
 */
export function referenceFor(a: Partial<Activity>): Partial<ConversationReference> {
  // Without the activity id, a send is a new message rather than a reply to an old one.
  const { activityId: _, ...ref } = TurnContext.getConversationReference(a);
  if (kindOf(a) !== 'channel' || !ref.conversation) return ref;
  return { ...ref, conversation: { ...ref.conversation, id: conversationKey(a) } };
}

/** The command typed: the bot's @mention (channels, group chats) and stray markup removed. */
export function commandText(a: Partial<Activity>): string {
  const withoutMention = a.recipient?.id
    ? TurnContext.removeMentionText(a as Activity, a.recipient.id)
    : (a.text ?? '');
  return (
    (withoutMention ?? '')
      .replace(/<at>[^<]*<\/at>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&quot;/g, '"')
      .replace(/&(#39|apos);/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      // Last, so "&amp;lt;" (a typed "&lt;") stays "&lt;".
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** In a channel or group chat the bot only reads messages that @mention it. */
export function addressesBot(a: Partial<Activity>): boolean {
  if (kindOf(a) === 'personal') return true;
  const botId = a.recipient?.id;
  return (a.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId,
  );
}
