import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { AppContext } from '../../app/context';
import { teamsConversationFor } from '../../app/teams-conversations';
import type { Card } from '../../cards/model';
import { DeliveryError, type Sender } from '../../delivery/sender';
import { createTeamsAdapter, teamsSettings } from './adapter';
import { cardActivity } from './render';

/** The one ConnectorClient call used here (its type lives in botframework-connector). */
interface SendsToConversation {
  conversations: {
    sendToConversation(id: string, activity: Partial<Activity>): Promise<{ id?: string }>;
    replyToActivity(
      id: string,
      activityId: string,
      activity: Partial<Activity>,
    ): Promise<{ id?: string }>;
  };
}

const refSchema = z.object({ conversationKey: z.string(), activityId: z.string() });
export type TeamsMessageRef = z.infer<typeof refSchema>;

/** The HTTP status of a Bot Connector error, wherever the SDK put it. */
function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  const s = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof s === 'number' ? s : undefined;
}

function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?(n: string): unknown } } })?.response
    ?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  const seconds = Number(raw);
  return raw !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * The SDK's HTTP pipeline retries 429 and 5xx three times on its own (core-rest-pipeline's
 * defaultRetryPolicy). The outbox owns retries and pacing per channel, so the sender's client
 * makes one call and reports; replies to commands keep the SDK's retries.
 */
function withoutSdkRetries(connectorClient: unknown): void {
  type Pipeline = { removePolicy?(options: { name: string }): unknown };
  const pipeline = (connectorClient as { client?: { pipeline?: Pipeline } } | undefined)?.client
    ?.pipeline;
  pipeline?.removePolicy?.({ name: 'defaultRetryPolicy' });
}

/**
 * Teams' answers sorted for the outbox: 429 waits (Retry-After when given), 412, 5xx and
 * network errors retry, anything else (403 app removed, 404 conversation gone, 400) is final.
 */
export function deliveryErrorOf(what: string, error: unknown): DeliveryError {
  const status = statusOf(error);
  const message = `${what}: ${status ? `HTTP ${status}` : (error as Error)?.message || 'failed'}`;
  if (status === 429) return new DeliveryError(message, 'rate_limited', retryAfterMs(error));
  if (status === undefined || status === 412 || status === 408 || status >= 500) {
    return new DeliveryError(message, 'transient');
  }
  return new DeliveryError(message, 'permanent');
}

/**
 * Proactive sends for the outbox: the stored conversation reference, continueConversationAsync
 * and one Bot Connector call. The outbox worker owns retries and pacing.
 */
export function createTeamsSender(ctx: AppContext, adapter?: CloudAdapter): Sender {
  const bot = adapter ?? createTeamsAdapter(ctx.config, ctx.log);
  const appId = teamsSettings(ctx.config).appId;

  async function referenceOf(target: string) {
    const row = await teamsConversationFor(ctx, target);
    if (!row) {
      throw new DeliveryError(
        `no Teams conversation ${target}: install the app there`,
        'permanent',
      );
    }
    if (row.removed_at) {
      throw new DeliveryError(`the app was removed from Teams conversation ${target}`, 'permanent');
    }
    return {
      key: row.conversation_key,
      reference: row.reference as Partial<ConversationReference>,
    };
  }

  /**
   * Runs one proactive turn. The adapter hands errors thrown inside a turn to onTurnError
   * (which logs and swallows them), so the error is caught in the turn and raised after it.
   */
  async function within(
    reference: Partial<ConversationReference>,
    what: string,
    logic: (turn: TurnContext) => Promise<void>,
  ): Promise<void> {
    let failure: unknown = null;
    try {
      await bot.continueConversationAsync(appId, reference, async (turn) => {
        try {
          withoutSdkRetries(turn.turnState.get(turn.adapter.ConnectorClientKey));
          await logic(turn);
        } catch (error) {
          failure = error ?? new Error('failed');
        }
      });
    } catch (error) {
      failure = error ?? new Error('failed');
    }
    if (failure !== null) throw deliveryErrorOf(what, failure);
  }

  return {
    async post(channelId: string, card: Card) {
      const { key, reference } = await referenceOf(channelId);
      let activityId: string | undefined;
      await within(reference, 'send', async (turn) => {
        // turn.sendActivity would make this a reply to the continuation event's made-up id;
        // a proactive message is a new one: POST v3/conversations/{id}/activities.
        const client: SendsToConversation = turn.turnState.get(turn.adapter.ConnectorClientKey);
        const sent = await client.conversations.sendToConversation(
          reference.conversation?.id ?? key,
          {
            ...cardActivity(card),
            from: reference.bot,
            conversation: reference.conversation,
            channelId: reference.channelId,
            serviceUrl: reference.serviceUrl,
          },
        );
        activityId = sent?.id;
      });
      if (!activityId) throw new DeliveryError('send: answer without an activity id', 'transient');
      const ref: TeamsMessageRef = { conversationKey: key, activityId };
      return { messageRef: JSON.stringify(ref) };
    },
    async update(messageRef: string, card: Card) {
      const parsed = refSchema.safeParse(JSON.parse(messageRef));
      if (!parsed.success) throw new DeliveryError('update: not a Teams message ref', 'permanent');
      const { reference } = await referenceOf(parsed.data.conversationKey);
      await within(reference, 'update', async (turn) => {
        await turn.updateActivity({ ...cardActivity(card), id: parsed.data.activityId });
      });
    },
    async reply(parentRef: string, card: Card) {
      const parsed = refSchema.safeParse(JSON.parse(parentRef));
      if (!parsed.success) throw new DeliveryError('reply: not a Teams message ref', 'permanent');
      const { key, reference } = await referenceOf(parsed.data.conversationKey);
      let activityId: string | undefined;
      await within(reference, 'reply', async (turn) => {
        // POST v3/conversations/{id}/activities/{parent}: the parent's reply chain.
        const client: SendsToConversation = turn.turnState.get(turn.adapter.ConnectorClientKey);
        const sent = await client.conversations.replyToActivity(
          reference.conversation?.id ?? key,
          parsed.data.activityId,
          {
            ...cardActivity(card),
            from: reference.bot,
            conversation: reference.conversation,
            channelId: reference.channelId,
            serviceUrl: reference.serviceUrl,
            replyToId: parsed.data.activityId,
          },
        );
        activityId = sent?.id;
      });
      if (!activityId) throw new DeliveryError('reply: answer without an activity id', 'transient');
      const ref: TeamsMessageRef = { conversationKey: key, activityId };
      return { messageRef: JSON.stringify(ref) };
    },
  };
}

/**
 * The outbox's Teams sender, when Tend is a registered bot (MicrosoftAppId set). Without one
 * nothing is registered: the local workspace drives its own stand-in and worker.
 */
export function teamsSenders(ctx: AppContext): Record<string, Sender> {
  return teamsSettings(ctx.config).appId ? { teams: createTeamsSender(ctx) } : {};
}
