import { formatTaken } from '../cards/format';
import type { Card } from '../cards/model';
import { sharedCopy } from '../cards/shared-copy';
import { accountCardById } from './account-health';
import type { AppContext } from './context';

/** The account card as posted in a channel: who shared (or refreshed) it, and as of when. */
export async function sharedAccountCard(
  ctx: AppContext,
  accountId: number,
  by: string,
  refreshed = false,
): Promise<Card> {
  const card = await accountCardById(ctx, accountId);
  const taken = formatTaken(ctx.clock.now(), ctx.config.settings.timezone);
  return sharedCopy(card, { by, taken, accountId, refreshed });
}
