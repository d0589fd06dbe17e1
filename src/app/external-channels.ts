import { type MessageKey, t } from '../cards/i18n/t';
import { noticeCard } from '../cards/notice-card';
import type { Locale } from '../domain/locale';
import { checkChannel, setExternalAllowed } from '../store/channel-policies';
import { recordAudit } from './audit';
import type { ChatReply, ChatRequest } from './chat-reply';
import type { AppContext } from './context';
import { channelLocale } from './languages';
import { adminOnly, isAdmin, refuse } from './roles';

const ephemeral = (locale: Locale, title: MessageKey, text: string): ChatReply => ({
  visibility: 'ephemeral',
  card: noticeCard(t(locale, title), text, locale),
});

/**
 * The subscribe-time check: a channel shared outside the organisation cannot be subscribed
 * unless an admin allowed it (the send-time check in delivery/external-guard.ts catches a
 * channel that became shared later). Null when the subscription may go ahead.
 */
export async function externalChannelRefusal(
  ctx: AppContext,
  request: ChatRequest,
  locale: Locale = 'en',
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
    return ephemeral(locale, 'external.notSubscribedTitle', t(locale, 'external.checkFailed'));
  }
}

/** `/cs allow-external` and `/cs deny-external` in the channel itself: admins only. */
export async function setExternalPermission(
  ctx: AppContext,
  request: ChatRequest,
  allow: boolean,
  locale: Locale = 'en',
): Promise<ChatReply> {
  const what = allow ? '/cs allow-external' : '/cs deny-external';
  if (!isAdmin(ctx, request.user)) {
    return refuse(ctx, request, what, adminOnly(ctx, 'external'));
  }
  if (!request.channelId) {
    return ephemeral(
      locale,
      'external.whichChannelTitle',
      t(locale, 'external.whichChannel', { what }),
    );
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
  // Said to the whole channel: in its language.
  const posted = await channelLocale(ctx, request.platform, request.channelId);
  return {
    visibility: 'in_channel',
    card: noticeCard(
      t(posted, allow ? 'external.allowedTitle' : 'external.deniedTitle'),
      t(posted, allow ? 'external.allowed' : 'external.denied'),
      posted,
    ),
  };
}
