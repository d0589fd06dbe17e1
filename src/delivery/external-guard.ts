import type { Card } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import type { ChannelInspectors } from '../domain/external-channels';
import type { Logger } from '../log';
import { checkChannel } from '../store/channel-policies';
import { subscribersOfChannel } from '../store/channel-subscribers';
import { enqueue } from '../store/outbox';
import { DeliveryError, type Sender, type Senders } from './sender';

/** What the guard needs: the database, a clock, a log, and each platform's channel inspector. */
export interface GuardDeps {
  db: DB;
  clock: Clock;
  log: Logger;
  channels?: ChannelInspectors;
}

/** A direct message by user id (Slack U…/W…, a Teams user id or AAD object id): not a channel. */
function isDirect(platform: string, channelId: string): boolean {
  if (platform === 'slack') return /^[UW][A-Z0-9]+$/.test(channelId);
  if (platform === 'teams') return /^(29:|8:orgid:|[0-9a-f]{8}-[0-9a-f]{4}-)/i.test(channelId);
  return false;
}

/**
 * The send-time check of external channels (the subscribe-time one is in app/external-channels):
 * before a post, the platform is asked (cached for CHANNEL_CHECK_TTL_MS) whether the channel is
 * shared outside the organisation; if it is and no admin allowed it, the post fails for good
 * with the reason (shown by `tend jobs status`) and the people who subscribed the channel are
 * told in a direct message. Wraps the senders, so the worker needs no change. A failed check
 * (the platform down) is transient: the worker retries as for any send.
 */
export function guardExternalChannels(ctx: GuardDeps, senders: Senders): Senders {
  const guarded: Senders = {};
  for (const [platform, sender] of Object.entries(senders)) {
    guarded[platform] = guardOne(ctx, platform, sender);
  }
  return guarded;
}

function guardOne(ctx: GuardDeps, platform: string, sender: Sender): Sender {
  return {
    async post(channelId, card: Card, tag) {
      if (!isDirect(platform, channelId)) {
        const inspector = ctx.channels?.[platform];
        let verdict: Awaited<ReturnType<typeof checkChannel>>;
        try {
          verdict = await checkChannel(ctx.db, inspector, { platform, channelId }, ctx.clock.now());
        } catch (error) {
          throw new DeliveryError(
            `could not check whether ${channelId} is shared outside: ${(error as Error).message}`,
            'transient',
          );
        }
        if (!verdict.allowed) {
          await tellSubscribers(ctx, platform, channelId, verdict.reason).catch((error: unknown) =>
            ctx.log.error({ err: error, platform, channelId }, 'could not tell the subscribers'),
          );
          ctx.log.warn({ platform, channelId }, verdict.reason);
          throw new DeliveryError(verdict.reason, 'permanent');
        }
      }
      return sender.post(channelId, card, tag);
    },
    update: (messageRef, card) => sender.update(messageRef, card),
    // The look-up for a post whose outcome is unknown reads, never posts: nothing to guard.
    ...(sender.findPost && { findPost: sender.findPost.bind(sender) }),
    ...(sender.findReply && { findReply: sender.findReply.bind(sender) }),
    // A reply goes in the thread of a post the guard already let through.
    ...(sender.reply && { reply: sender.reply.bind(sender) }),
  };
}

/** One direct message per subscriber, channel and day: why the channel gets nothing. */
async function tellSubscribers(
  ctx: GuardDeps,
  platform: string,
  channelId: string,
  reason: string,
): Promise<void> {
  const now = ctx.clock.now();
  const day = now.toISOString().slice(0, 10);
  const people = await subscribersOfChannel(ctx.db, platform, channelId);
  const card = noticeCard(
    'Not posted',
    `Tend did not post in the channel you subscribed (${channelId}): ${reason}.`,
  );
  await enqueue(
    ctx.db,
    people.map((userId) => ({
      platform,
      channelId: userId,
      dedupeKey: `external-refused:${platform}:${channelId}:${userId}:${day}`,
      payload: { op: 'post' as const, kind: 'notice', card },
    })),
    now,
  );
}
