import type { Locale } from '../domain/locale';
import { ALERT_STATE_KEY } from './account-card';
import { ACTIONS } from './actions';
import { alertSummary } from './alert-summary';
import { followUpItem } from './follow-ups-card';
import { formatMoney, formatScore, ruleWords, shortName } from './format';
import { type MessageKey, type Params, t } from './i18n/t';
import { type LoopLine, loopItems } from './loop-card';
import { bold, button, type Card, type CardBlock, rich } from './model';
import { type RoutingView, routingBlocks } from './routing-card';
import type { AccountPage, FollowUpPage, OpenAlertLine } from './views';

const more = (page: { rows: unknown[]; total: number }) =>
  page.total > page.rows.length ? page.total - page.rows.length : undefined;

/** The App Home tab: my portfolio, my open follow-ups, my open alerts. */
export function homeCard(
  name: string,
  portfolio: AccountPage,
  followUps: FollowUpPage,
  alerts: { rows: (OpenAlertLine & { accountName: string })[]; total: number },
  today: string,
  loops?: { rows: LoopLine[]; total: number; now: Date; timeZone: string },
  /** My accounts past their touch cadence (cards/timeline-card.ts checkInsList). */
  checkIns?: CardBlock,
  settings?: RoutingView,
  locale: Locale = 'en',
): Card {
  const tr = (key: MessageKey, p?: Params) => t(locale, key, p);
  return {
    title: tr('home.title', { name: shortName(name) }),
    fallback: tr('home.fallback', {
      accounts: portfolio.total,
      followUps: followUps.total,
      alerts: alerts.total,
    }),
    locale,
    blocks: [
      {
        type: 'list',
        title: tr('home.portfolio', { n: portfolio.total }),
        items: portfolio.rows.map((a) => ({
          text: rich(bold(shortName(a.name)), `  ${formatScore(a.score, a.band, locale)}`),
          detail: rich(
            tr('home.accountDetail', {
              money: formatMoney(a.arr, locale),
              renews: a.renewalDate ? tr('home.renews', { day: a.renewalDate }) : '',
            }),
          ),
          action: button(tr('list.open'), ACTIONS.pickAccount, { accountId: a.id }),
        })),
        more: more(portfolio),
        empty: tr('home.portfolioEmpty'),
      },
      { type: 'divider' },
      ...(checkIns ? [checkIns, { type: 'divider' as const }] : []),
      ...(loops
        ? [
            {
              type: 'list' as const,
              title: tr('home.loops', { n: loops.total }),
              items: loopItems(loops.rows, loops.now, loops.timeZone, locale),
              more: more(loops),
              empty: tr('home.loopsEmpty'),
            },
            { type: 'divider' as const },
          ]
        : []),
      {
        type: 'list',
        title: tr('home.followUps', { n: followUps.total }),
        items: followUps.rows.map((r) => followUpItem(r, today, true, locale)),
        more: more(followUps),
        empty: tr('home.followUpsEmpty'),
      },
      { type: 'divider' },
      {
        type: 'list',
        title: tr('home.alerts', { n: alerts.total }),
        items: alerts.rows.map((a) => ({
          text: rich(
            bold(`${shortName(a.accountName)}: `),
            alertSummary(locale, a.summary, a.summaryArgs),
          ),
          detail: rich(
            `${ruleWords(a.rule, locale)} · ${ALERT_STATE_KEY[a.status] ? tr(ALERT_STATE_KEY[a.status]!) : a.status}`,
          ),
        })),
        more: more(alerts),
        empty: tr('home.alertsEmpty'),
      },
      ...(settings
        ? [
            { type: 'divider' as const },
            { type: 'text' as const, text: rich(bold(tr('routing.title'))) },
            ...routingBlocks(settings, locale),
          ]
        : []),
      { type: 'context', text: rich(tr('home.try')) },
    ],
  };
}
