import { z } from 'zod';
import { renderMessage } from '../../cards/block-kit';
import type { Card } from '../../cards/model';
import {
  CannotLookUp,
  DeliveryError,
  type PostTag,
  SEND_TIMEOUT_MS,
  type Sender,
} from '../../delivery/sender';
import { type PostAnswer, PostFailed, postJson } from './http-post';

export const SLACK_API_DEFAULT = 'https://slack.com/api/';

export interface SlackSenderOptions {
  token: string;
  /** Base URL ending in '/', e.g. a stand-in's (SLACK_API_URL). */
  apiUrl?: string;
  /** Per call; default SEND_TIMEOUT_MS, the outbox worker's own bound. */
  timeoutMs?: number;
}

const refSchema = z.object({ channel: z.string(), ts: z.string() });
export type SlackMessageRef = z.infer<typeof refSchema>;

interface Answer {
  ok: boolean;
  error?: string;
  channel?: string;
  ts?: string;
  [more: string]: unknown;
}
const optionalText = (v: unknown) => v === undefined || typeof v === 'string';
/**
 * Slack's answer envelope, checked by hand: one a message, and a schema copying every key of
 * each answer (chat.postMessage echoes the whole message) cost more than the check is worth.
 */
function asAnswer(value: unknown): Answer | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const a = value as Record<string, unknown>;
  if (typeof a.ok !== 'boolean') return null;
  if (!optionalText(a.error) || !optionalText(a.channel) || !optionalText(a.ts)) return null;
  return a as Answer;
}

/** What Tend's posts carry in their message metadata: the outbox row they came from. */
export const OUTBOX_EVENT_TYPE = 'tend_outbox';

const historySchema = z.looseObject({
  messages: z.array(
    z.looseObject({
      ts: z.string(),
      user: z.string().optional(),
      bot_id: z.string().optional(),
      metadata: z
        .looseObject({ event_type: z.string(), event_payload: z.looseObject({}).optional() })
        .optional(),
    }),
  ),
  has_more: z.boolean().optional(),
  response_metadata: z.looseObject({ next_cursor: z.string().optional() }).optional(),
});
type HistoryMessage = z.infer<typeof historySchema>['messages'][number];
const openSchema = z.looseObject({ channel: z.looseObject({ id: z.string() }) });
/** Who the token is: a found post counts only if this bot wrote it. */
const authSchema = z.looseObject({ user_id: z.string(), bot_id: z.string().optional() });
type Self = z.infer<typeof authSchema>;

/**
 * Our own post of this outbox row: the metadata names the row, and this bot wrote it. Another
 * Tend installed in the same workspace numbers its outbox rows from 1 too and tags its posts
 * the same way; its post of "row 7" is not ours.
 */
function isOurs(m: HistoryMessage, tag: PostTag, self: Self): boolean {
  if (m.metadata?.event_type !== OUTBOX_EVENT_TYPE) return false;
  if (Number(m.metadata.event_payload?.outbox_id) !== tag.outboxId) return false;
  return self.bot_id ? m.bot_id === self.bot_id : m.user === self.user_id;
}

/** Slack's timestamps are Unix seconds with microseconds. */
const slackTs = (at: Date) => (at.getTime() / 1000).toFixed(6);
/** How far Slack's clock may run behind the database's when looking for a post. */
const CLOCK_SLACK_MS = 60_000;
const HISTORY_PAGE = 200;
const HISTORY_PAGES = 10;
/** Answers to a look-up that mean "Slack will not tell us" rather than "try again". */
const CANNOT_LOOK = new Set(['missing_scope', 'not_in_channel', 'channel_not_found']);
/** Slack says "some aspect of the operation may have succeeded" for these. */
const MAYBE_DONE = new Set(['fatal_error', 'internal_error']);
/** A connection that was never made: the request did not reach Slack. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// Errors a retry cannot fix; anything else Slack reports (internal_error, fatal_error,
// service_unavailable, ratelimited…) is worth another try.
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'msg_blocks_too_long',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'no_text',
  'too_many_attachments',
]);

/**
 * Posts and updates through the Web API with plain HTTP: the outbox worker owns retries and
 * pacing, so a client that queues and retries on its own (WebClient) would only hide them.
 */
export function createSlackSender(options: SlackSenderOptions): Sender {
  const base = (options.apiUrl ?? SLACK_API_DEFAULT).replace(/\/?$/, '/');
  // The worker's bound on a call, so a post times out at the figure the README gives.
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const headers = {
    authorization: `Bearer ${options.token}`,
    'content-type': 'application/json; charset=utf-8',
  };

  async function call(method: string, body: Record<string, unknown>, lookUp = false) {
    let res: PostAnswer;
    try {
      res = await postJson(`${base}${method}`, headers, JSON.stringify(body), timeoutMs);
    } catch (error) {
      const failed = error instanceof PostFailed ? error : null;
      const code = failed?.code;
      const what = failed?.timedOut
        ? `timed out after ${timeoutMs} ms`
        : `${String(error)}${code ? ` (${code})` : ''}`;
      // Only a connection never made proves the request did not reach Slack.
      const maybeSent = !(failed && !failed.connected) && !(code && NOT_CONNECTED.has(code));
      throw new DeliveryError(`${method}: ${what}`, 'transient', undefined, maybeSent);
    }
    if (res.status === 429) {
      const seconds = Number(res.header('retry-after') ?? '1');
      throw new DeliveryError(
        `${method}: rate limited (HTTP 429)`,
        'rate_limited',
        (Number.isFinite(seconds) && seconds >= 0 ? seconds : 1) * 1000,
        false,
      );
    }
    if (res.status >= 500 || res.status === 408) {
      // 503 (and 408) say the request was not taken on; a 500, 502 or 504 may come after
      // Slack did the work, so such a post's outcome is unknown.
      const notTaken = res.status === 503 || res.status === 408;
      throw new DeliveryError(`${method}: HTTP ${res.status}`, 'transient', undefined, !notTaken);
    }
    const answer = asAnswer(parseJson(res.body));
    if (!answer) throw new DeliveryError(`${method}: HTTP ${res.status}`, 'transient');
    if (!answer.ok) {
      const code = answer.error ?? 'unknown_error';
      if (lookUp && CANNOT_LOOK.has(code)) throw new CannotLookUp(`${method}: ${code}`);
      if (code === 'ratelimited') {
        throw new DeliveryError(`${method}: ${code}`, 'rate_limited', undefined, false);
      }
      throw new DeliveryError(
        `${method}: ${code}`,
        PERMANENT.has(code) ? 'permanent' : 'transient',
        undefined,
        MAYBE_DONE.has(code),
      );
    }
    return answer;
  }

  // Asked once, on the first look-up, and kept: the token's identity does not change while
  // the process runs. A failed ask is not kept (the look-up fails as transient, is retried).
  let self: Promise<Self> | null = null;
  function whoAmI(): Promise<Self> {
    self ??= call('auth.test', {}, true).then((answer) => {
      const parsed = authSchema.safeParse(answer);
      if (!parsed.success) throw new DeliveryError('auth.test: no user_id', 'transient');
      return parsed.data;
    });
    self.catch(() => {
      self = null;
    });
    return self;
  }

  /**
   * Pages through a history method (conversations.history, or conversations.replies for a
   * thread) from a little before the earlier try (Slack's clock may differ from the
   * database's), looking for our post tagged with this outbox row.
   */
  async function findTagged(
    where: { channel: string; ts?: string },
    read: (page: Record<string, unknown>) => Promise<unknown>,
    tag: PostTag,
    since: Date,
  ): Promise<{ messageRef: string } | null> {
    const me = await whoAmI();
    const oldest = slackTs(new Date(since.getTime() - CLOCK_SLACK_MS));
    let cursor: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const answer = historySchema.safeParse(
        await read({
          ...where,
          oldest,
          inclusive: true,
          include_all_metadata: true,
          limit: HISTORY_PAGE,
          ...(cursor ? { cursor } : {}),
        }),
      );
      if (!answer.success)
        throw new DeliveryError('history look-up: unexpected answer', 'transient');
      const found = answer.data.messages.find((m) => isOurs(m, tag, me));
      if (found) {
        const ref: SlackMessageRef = { channel: where.channel, ts: found.ts };
        return { messageRef: JSON.stringify(ref) };
      }
      cursor = answer.data.response_metadata?.next_cursor;
      if (!answer.data.has_more || !cursor) return null;
    }
    throw new CannotLookUp(
      `more than ${HISTORY_PAGE * HISTORY_PAGES} messages in the ${
        where.ts ? 'thread' : 'channel'
      } since the earlier try`,
    );
  }

  /** What a tagged post carries: the outbox row it came from (see findTagged). */
  const metadataOf = (tag?: PostTag) =>
    tag
      ? { metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { outbox_id: tag.outboxId } } }
      : {};

  /** A person's DM with the bot, for a post addressed to their user id. */
  async function dmOf(userId: string): Promise<string> {
    const answer = openSchema.safeParse(await call('conversations.open', { users: userId }, true));
    if (!answer.success) throw new DeliveryError('conversations.open: no channel', 'transient');
    return answer.data.channel.id;
  }

  return {
    async post(channelId: string, card: Card, tag?: PostTag) {
      const answer = await call('chat.postMessage', {
        channel: channelId,
        ...renderMessage(card),
        // What lets a later try find this post if its answer is lost (see findPost).
        ...metadataOf(tag),
      });
      if (!answer.ts || !answer.channel) {
        throw new DeliveryError('chat.postMessage: answer without ts', 'transient');
      }
      const ref: SlackMessageRef = { channel: answer.channel, ts: answer.ts };
      return { messageRef: JSON.stringify(ref) };
    },
    async update(messageRef: string, card: Card) {
      const ref = refSchema.parse(JSON.parse(messageRef));
      await call('chat.update', { channel: ref.channel, ts: ref.ts, ...renderMessage(card) });
    },
    /**
     * Reads the channel's history for a message of ours whose metadata names this outbox row.
     * A post to a user id went to their DM with the bot: that is the history to read.
     */
    async findPost(channelId: string, tag: PostTag, since: Date) {
      const channel = /^[UW][A-Z0-9]+$/.test(channelId) ? await dmOf(channelId) : channelId;
      const read = (page: Record<string, unknown>) => call('conversations.history', page, true);
      return findTagged({ channel }, read, tag, since);
    },
    /** A thread reply is not in the channel's history: read the parent's thread instead. */
    async findReply(parentRef: string, tag: PostTag, since: Date) {
      const parent = refSchema.parse(JSON.parse(parentRef));
      const read = (page: Record<string, unknown>) => call('conversations.replies', page, true);
      return findTagged({ channel: parent.channel, ts: parent.ts }, read, tag, since);
    },

    async reply(parentRef: string, card: Card, tag?: PostTag) {
      const parent = refSchema.parse(JSON.parse(parentRef));
      // In the parent's thread, not broadcast to the channel: the card is the headline.
      const answer = await call('chat.postMessage', {
        channel: parent.channel,
        thread_ts: parent.ts,
        ...renderMessage(card),
        ...metadataOf(tag),
      });
      if (!answer.ts || !answer.channel) {
        throw new DeliveryError('chat.postMessage: answer without ts', 'transient');
      }
      const ref: SlackMessageRef = { channel: answer.channel, ts: answer.ts };
      return { messageRef: JSON.stringify(ref) };
    },
  };
}
