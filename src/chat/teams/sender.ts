import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { AppContext } from '../../app/context';
import type { Card } from '../../cards/model';
import { DeliveryError, type Sender } from '../../delivery/sender';
import { findTeamsConversation } from '../../store/teams-conversations';
import { createTeamsAdapter, teamsSettings } from './adapter';
import { cardActivity } from './render';

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
    const row = await findTeamsConversation(ctx.db, target);
    if (!row) {
      throw new DeliveryError(`no Teams conversation ${target}: install the app there`, 'permanent');
    }
    if (row.removed_at) {
      throw new DeliveryError(`the app was removed from Teams conversation ${target}`, 'permanent');
    }
    return { key: row.conversation_key, reference: row.reference as Partial<ConversationReference> };
  }

  return {
    async post(channelId: string, card: Card) {
      const { key, reference } = await referenceOf(channelId);
      let activityId: string | undefined;
      try {
        await bot.continueConversationAsync(appId, reference, async (turn) => {
          activityId = (await turn.sendActivity(cardActivity(card)))?.id;
        });
      } catch (error) {
        throw deliveryErrorOf('send', error);
      }
      if (!activityId) throw new DeliveryError('send: answer without an activity id', 'transient');
      const ref: TeamsMessageRef = { conversationKey: key, activityId };
      return { messageRef: JSON.stringify(ref) };
    },
    async update(messageRef: string, card: Card) {
      const parsed = refSchema.safeParse(JSON.parse(messageRef));
      if (!parsed.success) throw new DeliveryError('update: not a Teams message ref', 'permanent');
      const { reference } = await referenceOf(parsed.data.conversationKey);
      try {
        await bot.continueConversationAsync(appId, reference, async (turn) => {
          await turn.updateActivity({ ...cardActivity(card), id: parsed.data.activityId });
        });
      } catch (error) {
        throw deliveryErrorOf('update', error);
      }
    },
  };
}
