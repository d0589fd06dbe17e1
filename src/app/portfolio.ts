import { ACCOUNTS_SHOWN, portfolioCard } from '../cards/account-list-card';
import type { Card } from '../cards/model';
import { portfolioOf } from '../store/account-lists';
import type { AppContext } from './context';
import { todayOf } from './follow-ups';

/** `/health` alone: the accounts I own, riskiest first. */
export async function myPortfolio(ctx: AppContext, email: string): Promise<Card> {
  return portfolioCard(await portfolioOf(ctx.db, email, ACCOUNTS_SHOWN), todayOf(ctx));
}
