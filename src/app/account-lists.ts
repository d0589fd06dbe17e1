import { ACCOUNTS_SHOWN, portfolioCard, renewalsCard, riskCard } from '../cards/account-list-card';
import type { Card } from '../cards/model';
import { checkInsList } from '../cards/timeline-card';
import { addDays } from '../domain/dates';
import type { Locale } from '../domain/locale';
import { isExpansionRule, totalPotential } from '../domain/rules';
import {
  accountsAtRisk,
  openAlertsOfAccounts,
  portfolioOf,
  renewalsBetween,
} from '../store/account-lists';
import { openExpansionSignals } from '../store/opportunities';
import { checkInsDue } from './check-ins';
import type { AppContext } from './context';
import { todayOf } from './follow-ups';

// The list answers of /health (alone), /renewals and /risk: a page of accounts as a list card.

const CHECK_INS_SHOWN = 10;

/** `/health` alone: the accounts I own, riskiest first. */
export async function myPortfolio(
  ctx: AppContext,
  email: string,
  locale: Locale = 'en',
): Promise<Card> {
  const now = ctx.clock.now();
  const [page, due] = await Promise.all([
    portfolioOf(ctx.db, email, ACCOUNTS_SHOWN),
    checkInsDue(ctx, now, { owner: email }),
  ]);
  const card = portfolioCard(page, todayOf(ctx), locale);
  // Teams has no Home tab: "health" alone (my portfolio) also lists my check-ins due.
  if (due.length === 0) return card;
  return {
    ...card,
    blocks: [
      ...card.blocks,
      { type: 'divider' },
      checkInsList(due, CHECK_INS_SHOWN, now, ctx.config.settings.timezone, locale),
    ],
  };
}

/** `/renewals [days]`: renewals from today through today + days, with band and ARR. */
export async function renewalsWithin(
  ctx: AppContext,
  days: number,
  offset = 0,
  locale: Locale = 'en',
): Promise<Card> {
  const today = todayOf(ctx);
  const page = await renewalsBetween(ctx.db, today, addDays(today, days), ACCOUNTS_SHOWN, offset);
  const signals = await openExpansionSignals(ctx.db, { from: today, to: addDays(today, days) });
  const expansion = totalPotential(
    signals.flatMap((s) => (isExpansionRule(s.rule) ? [{ ...s, rule: s.rule }] : [])),
    ctx.config.settings.rules,
  );
  return renewalsCard(page, days, today, offset, expansion, locale);
}

/** `/risk`: red accounts and accounts with open alerts (alerts come from the risk job). */
export async function atRisk(ctx: AppContext, offset = 0, locale: Locale = 'en'): Promise<Card> {
  const page = await accountsAtRisk(ctx.db, ACCOUNTS_SHOWN, offset);
  const alerts = await openAlertsOfAccounts(
    ctx.db,
    page.rows.map((r) => r.id),
  );
  return riskCard(page, alerts, offset, locale);
}
