import { formatTaken } from '../cards/format';
import type { Card } from '../cards/model';
import { sharedCopy } from '../cards/shared-copy';
import type { Platform } from '../db/tables/chat';
import { accountCardById } from './account-health';
import type { AppContext } from './context';
import { channelLocale, defaultLocale } from './languages';

/** The account card as posted in a channel: who shared (or refreshed) it, and as of when. */
export async function sharedAccountCard(
  ctx: AppContext,
  accountId: number,
  by: string,
  refreshed = false,
  /** Where it is posted: the card is in that channel's language. */
  channel?: { platform: Platform; channelId: string },
): Promise<Card> {
  const locale = channel
    ? await channelLocale(ctx, channel.platform, channel.channelId)
    : defaultLocale(ctx);
  const card = await accountCardById(ctx, accountId, locale);
  const now = ctx.clock.now();
  const taken = formatTaken(now, ctx.config.settings.timezone, now, locale);
  return sharedCopy(card, { by, taken, accountId, refreshed });
}
