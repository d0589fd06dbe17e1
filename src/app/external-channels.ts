import { noticeCard } from '../cards/notice-card';
import { checkChannel, setExternalAllowed } from '../store/channel-policies';
import { recordAudit } from './audit';
import type { ChatReply, ChatRequest } from './chat-reply';
import type { AppContext } from './context';
import { adminOnly, isAdmin, refuse } from './roles';

const ephemeral = (title: string, text: string): ChatReply => ({
  visibility: 'ephemeral',
  card: noticeCard(title, text),
});

/**
 * The subscribe-time check: a channel shared outside the organisation cannot be subscribed
 * unless an admin allowed it (the send-time check in delivery/external-guard.ts catches a
 * channel that became shared later). Null when the subscription may go ahead.
 */
export async function externalChannelRefusal(
  ctx: AppContext,
  request: ChatRequest,
): Promise<ChatReply | null> {
  if (!request.channelId) return null;
  const inspector = ctx.channels?.[request.platform];
  try {
    const verdict = await checkChannel(
      ctx.db,
      inspector,
      { platform: request.platform, channelId: request.channelId },
      ctx.clock.now(),
    );
    if (verdict.allowed) return null;
    // The verdict's reason stays English (it names the platform's own terms).
    return refuse(ctx, request, '/cs subscribe', {
      key: 'refuse.notSubscribed',
      params: { reason: verdict.reason },
    });
  } catch (error) {
    ctx.log.warn({ err: error, channel: request.channelId }, 'channel check failed');
    return ephemeral(
      'Not subscribed',
      'Tend could not ask the platform whether this channel is shared outside your organisation, so it did not subscribe it. Try again in a minute.',
    );
  }
}

/** `/cs allow-external` and `/cs deny-external` in the channel itself: admins only. */
export async function setExternalPermission(
  ctx: AppContext,
  request: ChatRequest,
  allow: boolean,
): Promise<ChatReply> {
  const what = allow ? '/cs allow-external' : '/cs deny-external';
  if (!isAdmin(ctx, request.user)) {
    return refuse(ctx, request, what, adminOnly(ctx, 'external'));
  }
  if (!request.channelId) {
    return ephemeral('Which channel?', `Type ${what} in the channel it is about.`);
  }
  const by = request.user.email ?? `${request.platform}:${request.user.id}`;
  const key = { platform: request.platform, channelId: request.channelId };
  await ctx.db.transaction().execute(async (trx) => {
    await setExternalAllowed(trx, key, allow ? by : null, ctx.clock.now());
  });
  await recordAudit(ctx, {
    actor: by,
    action: allow ? 'channel.allow_external' : 'channel.deny_external',
    origin: request.platform,
    place: request.channelId,
  });
  return {
    visibility: 'in_channel',
    card: noticeCard(
      allow ? 'External channel allowed' : 'External channel not allowed',
      allow
        ? 'Tend may post account data in this channel even though it is shared outside the organisation. /cs deny-external takes it back.'
        : 'Tend will not post account data here while the channel is shared outside the organisation.',
    ),
  };
}
