import { daysBetween } from '../domain/dates';
import type { Locale } from '../domain/locale';
import { ALERT_STATE_KEY } from './account-card';
import { ACTIONS } from './actions';
import { alertSummary } from './alert-summary';
import { formatMoney, formatScore, shortName } from './format';
import { day } from './i18n/format';
import { t } from './i18n/t';
import { pageRange, paging } from './list-pages';
import { bold, button, type Card, type ListItem, rich } from './model';
import type { AccountLine, AccountPage, AtRiskLine, OpenAlertLine } from './views';

export const ACCOUNTS_SHOWN = 25;

const more = (page: { rows: unknown[]; total: number }) =>
  page.total > page.rows.length ? page.total - page.rows.length : undefined;

/** One account in a list: name, score, a detail line, Open. (Also the question answers' line.) */
export function line(a: AccountLine, detail: string, locale: Locale = 'en'): ListItem {
  return {
    text: rich(bold(shortName(a.name)), `  ${formatScore(a.score, a.band, locale)}`),
    detail: rich(detail),
    action: button(t(locale, 'list.open'), ACTIONS.pickAccount, { accountId: a.id }),
  };
}

export function renewalText(a: AccountLine, today: string, locale: Locale = 'en'): string {
  if (!a.renewalDate) return t(locale, 'list.noRenewalDate');
  const days = daysBetween(today, a.renewalDate);
  // The year is left out as it always was: a renewal list looks a few months ahead.
  const shown = day(locale, a.renewalDate);
  return days < 0
    ? t(locale, 'list.renewedAgo', { day: shown, days: -days })
    : t(locale, 'list.renewsIn', { day: shown, days });
}

/** `/health` with no account: my accounts, riskiest first. */
export function portfolioCard(page: AccountPage, today: string, locale: Locale = 'en'): Card {
  const red = page.rows.filter((a) => a.band === 'red').length;
  return {
    title: t(locale, 'portfolio.title'),
    fallback: t(locale, 'portfolio.fallback', { n: page.total, red }),
    blocks: [
      {
        type: 'list',
        items: page.rows.map((a) =>
          line(
            a,
            `${t(locale, 'list.arr', { money: formatMoney(a.arr, locale) })} · ${renewalText(a, today, locale)}`,
            locale,
          ),
        ),
        more: more(page),
        empty: t(locale, 'portfolio.empty'),
      },
    ],
    locale,
  };
}

/** `/renewals [days]`: renewals in the window with band and ARR. */
export function renewalsCard(
  page: AccountPage & { arrTotal: number; arrAtRisk: number },
  days: number,
  today: string,
  offset = 0,
  expansion?: { total: number; accounts: number; byAccount: ReadonlyMap<number, number> },
  locale: Locale = 'en',
): Card {
  const money = (n: number) => formatMoney(n, locale);
  const summary = t(locale, 'renewals.summary', {
    n: page.total,
    days,
    total: money(page.arrTotal),
    notGreen: money(page.arrAtRisk),
    expansion:
      expansion && expansion.accounts > 0
        ? t(locale, 'renewals.summaryExpansion', {
            money: money(expansion.total),
            n: expansion.accounts,
          })
        : '',
  });
  return {
    title: t(locale, 'renewals.title', {
      days,
      range: pageRange(page.total, offset, page.rows.length, locale),
    }),
    fallback: summary,
    blocks: [
      { type: 'text', text: rich(summary) },
      {
        type: 'list',
        items: page.rows.map((a) => {
          const potential = expansion?.byAccount.get(a.id);
          return line(
            a,
            `${renewalText(a, today, locale)} · ${t(locale, 'list.arr', { money: formatMoney(a.arr, locale) })}${
              potential ? t(locale, 'renewals.rowExpansion', { money: money(potential) }) : ''
            } · ${a.ownerEmail ?? t(locale, 'list.noOwner')}`,
            locale,
          );
        }),
        ...paging(
          page.total,
          page.rows.length,
          { list: 'renewals', offset, days },
          ACCOUNTS_SHOWN,
          locale,
        ),
        empty: t(locale, 'renewals.empty', { days }),
      },
      ...(expansion && expansion.accounts > 0
        ? [{ type: 'context' as const, text: rich(t(locale, 'renewals.expansionNote')) }]
        : []),
    ],
    locale,
  };
}

/** `/risk`: accounts at risk now with their open alerts. */
export function riskCard(
  page: { rows: AtRiskLine[]; total: number },
  alerts: OpenAlertLine[],
  offset = 0,
  locale: Locale = 'en',
): Card {
  const byAccount = new Map<number, OpenAlertLine[]>();
  for (const a of alerts) byAccount.set(a.accountId, [...(byAccount.get(a.accountId) ?? []), a]);
  return {
    title: t(locale, 'risk.title', {
      range: pageRange(page.total, offset, page.rows.length, locale),
    }),
    fallback: t(locale, 'risk.fallback', { n: page.total }),
    blocks: [
      {
        type: 'list',
        items: page.rows.map((a) => {
          const mine = byAccount.get(a.id) ?? [];
          // Open is what an alert here is by default: only another state is worth saying.
          const shown = mine.slice(0, 3).map((x) =>
            x.status === 'open'
              ? alertSummary(locale, x.summary, x.summaryArgs)
              : t(locale, 'risk.alertInState', {
                  summary: alertSummary(locale, x.summary, x.summaryArgs),
                  state: ALERT_STATE_KEY[x.status]
                    ? t(locale, ALERT_STATE_KEY[x.status]!)
                    : x.status,
                }),
          );
          if (mine.length > 3) shown.push(t(locale, 'card.andMore', { n: mine.length - 3 }));
          return line(
            a,
            `${t(locale, 'list.arr', { money: formatMoney(a.arr, locale) })} · ${
              shown.length > 0 ? shown.join('; ') : t(locale, 'risk.noAlerts')
            }`,
            locale,
          );
        }),
        ...paging(page.total, page.rows.length, { list: 'risk', offset }, ACCOUNTS_SHOWN, locale),
        empty: t(locale, 'risk.empty'),
      },
    ],
    locale,
  };
}
