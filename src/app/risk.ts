import { ACCOUNTS_SHOWN, riskCard } from '../cards/account-list-card';
import type { Card } from '../cards/model';
import { accountsAtRisk, openAlertsOfAccounts } from '../store/account-lists';
import type { AppContext } from './context';

/** `/risk`: red accounts and accounts with open alerts (alerts come from the risk job). */
export async function atRisk(ctx: AppContext, offset = 0): Promise<Card> {
  const page = await accountsAtRisk(ctx.db, ACCOUNTS_SHOWN, offset);
  const alerts = await openAlertsOfAccounts(
    ctx.db,
    page.rows.map((r) => r.id),
  );
  return riskCard(page, alerts, offset);
}
