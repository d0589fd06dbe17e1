import { daysBetween, shortDay } from '../domain/dates';
import { ACTIONS } from './actions';
import { formatMoney, formatScore, plural, shortName } from './format';
import { pageRange, paging } from './list-pages';
import { bold, button, type Card, type ListItem, rich } from './model';
import type { AccountLine, AccountPage, AtRiskLine, OpenAlertLine } from './views';

export const ACCOUNTS_SHOWN = 25;

const more = (page: { rows: unknown[]; total: number }) =>
  page.total > page.rows.length ? page.total - page.rows.length : undefined;

/** One account in a list: name, score, a detail line, Open. (Also the question answers' line.) */
export function line(a: AccountLine, detail: string): ListItem {
  return {
    text: rich(bold(shortName(a.name)), `  ${formatScore(a.score, a.band)}`),
    detail: rich(detail),
    action: button('Open', ACTIONS.pickAccount, { accountId: a.id }),
  };
}

export function renewalText(a: AccountLine, today: string): string {
  if (!a.renewalDate) return 'no renewal date';
  const days = daysBetween(today, a.renewalDate);
  return `renews ${shortDay(a.renewalDate)} (${days < 0 ? `${-days}d ago` : `in ${days}d`})`;
}

/** `/health` with no account: my accounts, riskiest first. */
export function portfolioCard(page: AccountPage, today: string): Card {
  const red = page.rows.filter((a) => a.band === 'red').length;
  return {
    title: 'Your portfolio',
    fallback: `${plural(page.total, 'account')}, ${red} red`,
    blocks: [
      {
        type: 'list',
        items: page.rows.map((a) =>
          line(a, `ARR ${formatMoney(a.arr)} · ${renewalText(a, today)}`),
        ),
        more: more(page),
        empty: 'You own no accounts in Tend (accounts are matched to you by owner e-mail).',
      },
    ],
  };
}

/** `/renewals [days]`: renewals in the window with band and ARR. */
export function renewalsCard(
  page: AccountPage & { arrTotal: number; arrAtRisk: number },
  days: number,
  today: string,
  offset = 0,
  expansion?: { total: number; accounts: number; byAccount: ReadonlyMap<number, number> },
): Card {
  const summary = `${plural(page.total, 'renewal')} in the next ${days} days: ${formatMoney(
    page.arrTotal,
  )} ARR, ${formatMoney(page.arrAtRisk)} not green${
    expansion && expansion.accounts > 0
      ? `, ${formatMoney(expansion.total)} expansion potential on ${plural(expansion.accounts, 'account')}`
      : ''
  }`;
  return {
    title: `Renewals in ${days} days${pageRange(page.total, offset, page.rows.length)}`,
    fallback: summary,
    blocks: [
      { type: 'text', text: rich(summary) },
      {
        type: 'list',
        items: page.rows.map((a) =>
          line(
            a,
            `${renewalText(a, today)} · ARR ${formatMoney(a.arr)}${
              expansion?.byAccount.get(a.id)
                ? ` · expansion +${formatMoney(expansion.byAccount.get(a.id)!)}`
                : ''
            } · ${a.ownerEmail ?? 'no owner'}`,
          ),
        ),
        ...paging(page.total, page.rows.length, { list: 'renewals', offset, days }, ACCOUNTS_SHOWN),
        empty: `No renewals in the next ${days} days.`,
      },
      ...(expansion && expansion.accounts > 0
        ? [
            {
              type: 'context' as const,
              text: rich(
                "Expansion potential: each account's largest open expansion signal, its ARR × the signal's share (rules.<signal>.arrUplift).",
              ),
            },
          ]
        : []),
    ],
  };
}

/** `/risk`: accounts at risk now with their open alerts. */
export function riskCard(
  page: { rows: AtRiskLine[]; total: number },
  alerts: OpenAlertLine[],
  offset = 0,
): Card {
  const byAccount = new Map<number, OpenAlertLine[]>();
  for (const a of alerts) byAccount.set(a.accountId, [...(byAccount.get(a.accountId) ?? []), a]);
  return {
    title: `Accounts at risk${pageRange(page.total, offset, page.rows.length)}`,
    fallback: `${plural(page.total, 'account')} at risk`,
    blocks: [
      {
        type: 'list',
        items: page.rows.map((a) => {
          const mine = byAccount.get(a.id) ?? [];
          // Open is what an alert here is by default: only another state is worth saying.
          const shown = mine
            .slice(0, 3)
            .map((x) => (x.status === 'open' ? x.summary : `${x.summary} (${x.status})`));
          if (mine.length > 3) shown.push(`and ${mine.length - 3} more`);
          return line(
            a,
            `ARR ${formatMoney(a.arr)} · ${shown.length > 0 ? shown.join('; ') : 'no open alerts'}`,
          );
        }),
        ...paging(page.total, page.rows.length, { list: 'risk', offset }, ACCOUNTS_SHOWN),
        empty: 'No account is red or has an open alert. 🎉',
      },
    ],
  };
}
