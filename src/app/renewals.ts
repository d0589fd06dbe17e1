import { ACCOUNTS_SHOWN, renewalsCard } from '../cards/account-list-card';
import type { Card } from '../cards/model';
import { addDays } from '../domain/dates';
import { renewalsBetween } from '../store/account-lists';
import type { AppContext } from './context';
import { todayOf } from './follow-ups';

/** `/renewals [days]`: renewals from today through today + days, with band and ARR. */
export async function renewalsWithin(ctx: AppContext, days: number, offset = 0): Promise<Card> {
  const today = todayOf(ctx);
  const page = await renewalsBetween(ctx.db, today, addDays(today, days), ACCOUNTS_SHOWN, offset);
  return renewalsCard(page, days, today, offset);
}
