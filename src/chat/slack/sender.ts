import { z } from 'zod';
import { renderMessage } from '../../cards/block-kit';
import type { Card } from '../../cards/model';
import { DeliveryError, type Sender } from '../../delivery/sender';

export const SLACK_API_DEFAULT = 'https://slack.com/api/';

export interface SlackSenderOptions {
  token: string;
  /** Base URL ending in '/', e.g. a stand-in's (SLACK_API_URL). */
  apiUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const refSchema = z.object({ channel: z.string(), ts: z.string() });
export type SlackMessageRef = z.infer<typeof refSchema>;

const answerSchema = z.looseObject({
  ok: z.boolean(),
  error: z.string().optional(),
  channel: z.string().optional(),
  ts: z.string().optional(),
});

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
 * Posts and updates through the Web API with plain fetch: the outbox worker owns retries and
 * pacing, so a client that queues and retries on its own (WebClient) would only hide them.
 */
export function createSlackSender(options: SlackSenderOptions): Sender {
  const base = (options.apiUrl ?? SLACK_API_DEFAULT).replace(/\/?$/, '/');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call(method: string, body: Record<string, unknown>) {
    let res: Response;
    try {
      res = await doFetch(`${base}${method}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/json; charset=utf-8',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      const what = name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : String(error);
      throw new DeliveryError(`${method}: ${what}`, 'transient');
    }
    if (res.status === 429) {
      const seconds = Number(res.headers.get('retry-after') ?? '1');
      await res.body?.cancel();
      throw new DeliveryError(
        `${method}: rate limited (HTTP 429)`,
        'rate_limited',
        (Number.isFinite(seconds) && seconds >= 0 ? seconds : 1) * 1000,
      );
    }
    if (res.status >= 500 || res.status === 408) {
      await res.body?.cancel();
      throw new DeliveryError(`${method}: HTTP ${res.status}`, 'transient');
    }
    const parsed = answerSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new DeliveryError(`${method}: HTTP ${res.status}`, 'transient');
    const answer = parsed.data;
    if (!answer.ok) {
      const code = answer.error ?? 'unknown_error';
      if (code === 'ratelimited') throw new DeliveryError(`${method}: ${code}`, 'rate_limited');
      throw new DeliveryError(
        `${method}: ${code}`,
        PERMANENT.has(code) ? 'permanent' : 'transient',
      );
    }
    return answer;
  }

  return {
    async post(channelId: string, card: Card) {
      const answer = await call('chat.postMessage', { channel: channelId, ...renderMessage(card) });
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
    async reply(parentRef: string, card: Card) {
      const parent = refSchema.parse(JSON.parse(parentRef));
      // In the parent's thread, not broadcast to the channel: the card is the headline.
      const answer = await call('chat.postMessage', {
        channel: parent.channel,
        thread_ts: parent.ts,
        ...renderMessage(card),
      });
      if (!answer.ts || !answer.channel) {
        throw new DeliveryError('chat.postMessage: answer without ts', 'transient');
      }
      const ref: SlackMessageRef = { channel: answer.channel, ts: answer.ts };
      return { messageRef: JSON.stringify(ref) };
    },
  };
}
