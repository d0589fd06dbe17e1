import { EventEmitter } from 'node:events';
import type { Logger } from '../../log';
import { type BotConnectorStandIn, startBotConnectorStandIn } from './bot-connector-stand-in';
import type { LocalUser } from './state';

export const TEAMS_TENANT = '00000000-0000-0000-0000-00000000local';
export const TEAMS_BOT_ID = '28:tend-local';

export interface TeamsMessage {
  id: string;
  conversationId: string;
  /** 'bot', or the local user id who wrote it. */
  from: string;
  text: string;
  /** Adaptive Cards of the activity (attachment contents). */
  cards: unknown[];
  edited?: boolean;
}

export type TeamsEvent =
  | { type: 'teams_message'; message: TeamsMessage }
  | { type: 'teams_changed'; message: TeamsMessage }
  | { type: 'teams_deleted'; conversationId: string; id: string }
  | { type: 'teams_notice'; conversationId: string; text: string };

const CARD = 'application/vnd.microsoft.card.adaptive';

/** Each local user's personal chat with the bot; its id says whose it is. */
export const personalChatOf = (userId: string) => `a:local-${userId}`;
export const teamsIdOf = (userId: string) => `29:local-${userId}`;

function cardsOf(activity: Record<string, unknown>): unknown[] {
  const attachments = Array.isArray(activity.attachments) ? activity.attachments : [];
  return attachments
    .filter(
      (a) => a && typeof a === 'object' && (a as { contentType?: string }).contentType === CARD,
    )
    .map((a) => (a as { content: unknown }).content);
}

/**
 * Plays Teams' part in the local workspace: a person's message or card click becomes the
 * activity Teams would post to /api/messages (serviceUrl at the Bot Connector stand-in), and
 * what the bot sends back through the stand-in lands in the conversation.
 */
export async function startTeamsActor(options: {
  users: () => LocalUser[];
  messagesUrl: () => string;
  log: Logger;
  /** Messages kept from before a restart (see persist.ts). */
  kept?: TeamsMessage[];
}) {
  const lastKept = Math.max(
    0,
    ...(options.kept ?? []).map((m) => Number(/^activity-(\d+)$/.exec(m.id)?.[1] ?? 0)),
  );
  const connector: BotConnectorStandIn = await startBotConnectorStandIn({
    host: '127.0.0.1',
    firstId: lastKept + 1,
  });
  const events = new EventEmitter<{ event: [TeamsEvent] }>();
  events.setMaxListeners(0);
  const conversations = new Map<string, TeamsMessage[]>();
  for (const m of options.kept ?? []) {
    conversations.set(m.conversationId, [...(conversations.get(m.conversationId) ?? []), m]);
  }
  let seq = 0;
  const nextId = () => `local-${Date.now()}-${++seq}`;

  const add = (m: TeamsMessage) => {
    conversations.set(m.conversationId, [...(conversations.get(m.conversationId) ?? []), m]);
    events.emit('event', { type: 'teams_message', message: m });
  };
  const replace = (conversationId: string, id: string, cards: unknown[], text: string) => {
    const m = conversations.get(conversationId)?.find((x) => x.id === id);
    if (!m) return;
    Object.assign(m, { cards, text, edited: true });
    events.emit('event', { type: 'teams_changed', message: m });
  };
  connector.onCall((call) => {
    const text = typeof call.body.text === 'string' ? call.body.text : '';
    if (call.kind === 'update')
      replace(call.conversationId, call.activityId, cardsOf(call.body), text);
    else if (call.kind === 'delete') {
      const list = conversations.get(call.conversationId) ?? [];
      conversations.set(
        call.conversationId,
        list.filter((m) => m.id !== call.activityId),
      );
      events.emit('event', {
        type: 'teams_deleted',
        conversationId: call.conversationId,
        id: call.activityId,
      });
    } else if (call.kind === 'send' || call.kind === 'reply') {
      if (call.body.type && call.body.type !== 'message') return;
      add({
        id: call.activityId,
        conversationId: call.conversationId,
        from: 'bot',
        text,
        cards: cardsOf(call.body),
      });
    }
  });
  const syncMembers = () => {
    for (const u of options.users()) {
      connector.members.set(teamsIdOf(u.id), {
        id: teamsIdOf(u.id),
        name: u.name,
        email: u.email,
        userPrincipalName: u.email,
        aadObjectId: `local-${u.id}`,
      });
    }
  };

  const activity = (user: LocalUser, extra: Record<string, unknown>) => ({
    id: nextId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: teamsIdOf(user.id), name: user.name, aadObjectId: `local-${user.id}` },
    recipient: { id: TEAMS_BOT_ID, name: 'Tend' },
    conversation: {
      id: personalChatOf(user.id),
      conversationType: 'personal',
      tenantId: TEAMS_TENANT,
    },
    channelData: { tenant: { id: TEAMS_TENANT } },
    locale: 'en-US',
    ...extra,
  });
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(options.messagesUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (res.status >= 400) options.log.warn({ status: res.status }, 'local teams: the bot refused');
    return {
      status: res.status,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  };

  return {
    events,
    history: (userId: string) => conversations.get(personalChatOf(userId)) ?? [],
    /** Every message of every personal chat, for keeping across a restart. */
    all: (): TeamsMessage[] => [...conversations.values()].flat(),
    async send(user: LocalUser, text: string): Promise<void> {
      syncMembers();
      const a = activity(user, { type: 'message', text, textFormat: 'plain' });
      add({ id: a.id, conversationId: a.conversation.id, from: user.id, text, cards: [] });
      const res = await post(a);
      if (res.status === 404) {
        events.emit('event', {
          type: 'teams_notice',
          conversationId: a.conversation.id,
          text: 'Nothing answers POST /api/messages: the Teams bot is not mounted.',
        });
      }
    },
    /** A card button: Action.Execute as an adaptiveCard/action invoke, Action.Submit as a message. */
    async click(
      user: LocalUser,
      messageId: string,
      action: { kind: 'execute' | 'submit'; verb?: string; data: unknown },
    ) {
      syncMembers();
      const conversationId = personalChatOf(user.id);
      if (action.kind === 'submit') {
        await post(activity(user, { type: 'message', value: action.data, replyToId: messageId }));
        return;
      }
      const res = await post(
        activity(user, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId: messageId,
          value: {
            action: { type: 'Action.Execute', verb: action.verb, data: action.data },
            trigger: 'manual',
          },
        }),
      );
      // Universal Actions: Teams redraws the clicked card from the invoke response.
      const answer = res.json as { type?: string; value?: unknown } | null;
      if (answer?.type === CARD && answer.value)
        replace(conversationId, messageId, [answer.value], '');
      else if (typeof answer?.value === 'string') {
        events.emit('event', { type: 'teams_notice', conversationId, text: answer.value });
      }
    },
    close: () => connector.close(),
  };
}

export type TeamsActor = Awaited<ReturnType<typeof startTeamsActor>>;
