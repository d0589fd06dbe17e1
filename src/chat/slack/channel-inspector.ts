import { z } from 'zod';
import { platformCall } from '../../app/late-answer';
import type { ChannelCheck, ChannelInspector } from '../../domain/external-channels';
import { SLACK_API_DEFAULT } from './sender';

const answerSchema = z.looseObject({
  ok: z.boolean(),
  error: z.string().optional(),
  channel: z
    .looseObject({
      is_ext_shared: z.boolean().optional(),
      is_pending_ext_shared: z.boolean().optional(),
    })
    .optional(),
});

/**
 * Asks Slack whether a channel is shared with another organisation: conversations.info's
 * `is_ext_shared` (Slack Connect; a pending invitation counts too, as the other side can join
 * at any moment). Form-encoded, as Slack wants for this method. A failed call throws: the
 * caller decides (send later, or ask the person to try again).
 */
export function createSlackChannelInspector(options: {
  token: string;
  apiUrl?: string;
  timeoutMs?: number;
}): ChannelInspector {
  const base = (options.apiUrl ?? SLACK_API_DEFAULT).replace(/\/?$/, '/');
  async function call(method: string, args: Record<string, string>) {
    const res = await fetch(`${base}${method}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(args).toString(),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const parsed = answerSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new Error(`${method}: HTTP ${res.status}`);
    if (!parsed.data.ok) throw new Error(`${method}: ${parsed.data.error ?? 'unknown_error'}`);
    return parsed.data;
  }
  return {
    async inspect(channelId: string): Promise<ChannelCheck> {
      // Counted as waiting on Slack, for a late answer to say so.
      const answer = await platformCall(() => call('conversations.info', { channel: channelId }));
      const external =
        answer.channel?.is_ext_shared === true || answer.channel?.is_pending_ext_shared === true;
      return {
        external,
        reason: external ? 'a Slack Connect channel shared with another organisation' : null,
      };
    },
  };
}
