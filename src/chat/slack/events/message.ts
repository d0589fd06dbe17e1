import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { runChatMessage } from '../../../app/chat-message';
import { renderMessage } from '../../../cards/block-kit';
import type { SlackDeps } from '../deps';
import { slackMessageText } from '../message-text';
import { safely } from '../safely';

interface Said {
  user: string;
  channel: string;
  text: string;
  ts: string;
  thread_ts?: string;
  /** A direct message (the bot's Messages tab): answered in the open there. */
  direct: boolean;
}

/**
 * A question or command said to the bot: @Tend in a channel, or a direct message. The answer
 * goes to the person only (ephemeral, in the thread it was asked in) in a channel, and as a
 * plain message in the DM. Events are acknowledged at once by Bolt; the answer follows.
 */
async function answer(deps: SlackDeps, client: AllMiddlewareArgs['client'], said: Said) {
  await safely(deps.ctx.log, 'slack message', async () => {
    const user = await deps.identify(client, said.user);
    const reply = await runChatMessage(deps.ctx, {
      platform: 'slack',
      user,
      channelId: said.channel,
      direct: said.direct,
      text: slackMessageText(said.text),
      // The message's ts is unique in its channel and the same on a redelivered event.
      requestKey: `${said.channel}:${said.ts}`,
    });
    const message = renderMessage(reply.card);
    const thread = said.thread_ts ? { thread_ts: said.thread_ts } : {};
    if (said.direct) {
      await client.chat.postMessage({ channel: said.channel, ...message, ...thread } as never);
    } else {
      await client.chat.postEphemeral({
        channel: said.channel,
        user: said.user,
        ...message,
        ...thread,
      } as never);
    }
  });
}

export const mentionListener =
  (deps: SlackDeps) =>
  async ({ event, client }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs) => {
    if (!event.user || event.bot_id) return;
    await answer(deps, client, {
      user: event.user,
      channel: event.channel,
      text: event.text,
      ts: event.ts,
      ...(event.thread_ts ? { thread_ts: event.thread_ts } : {}),
      direct: false,
    });
  };

export const directMessageListener =
  (deps: SlackDeps) =>
  async ({ message, client }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    // Only what a person typed in a DM: no edits, deletions, joins, or the bot's own posts
    // (answering those would loop).
    if (message.channel_type !== 'im' || message.subtype !== undefined) return;
    if ('bot_id' in message && message.bot_id) return;
    if (!('user' in message) || !message.user || typeof message.text !== 'string') return;
    await answer(deps, client, {
      user: message.user,
      channel: message.channel,
      text: message.text,
      ts: message.ts,
      ...('thread_ts' in message && message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      direct: true,
    });
  };
