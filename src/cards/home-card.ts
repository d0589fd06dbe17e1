import { ACTIONS } from './actions';
import { followUpItem } from './follow-ups-card';
import { formatMoney, formatScore, ruleWords, shortName } from './format';
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
): Card {
  return {
    title: `Tend for ${shortName(name)}`,
    fallback: `${portfolio.total} accounts, ${followUps.total} open follow-ups, ${alerts.total} open alerts`,
    blocks: [
      {
        type: 'list',
        title: `Your portfolio (${portfolio.total}), riskiest first`,
        items: portfolio.rows.map((a) => ({
          text: rich(bold(shortName(a.name)), `  ${formatScore(a.score, a.band)}`),
          detail: rich(
            `ARR ${formatMoney(a.arr)}${a.renewalDate ? ` · renews ${a.renewalDate}` : ''}`,
          ),
          action: button('Open', ACTIONS.pickAccount, { accountId: a.id }),
        })),
        more: more(portfolio),
        empty: 'You own no accounts in Tend.',
      },
      { type: 'divider' },
      ...(checkIns ? [checkIns, { type: 'divider' as const }] : []),
      ...(loops
        ? [
            {
              type: 'list' as const,
              title: `Your open loops (${loops.total}), overdue first`,
              items: loopItems(loops.rows, loops.now, loops.timeZone),
              more: more(loops),
              empty: 'No NPS or CSAT loop to close.',
            },
            { type: 'divider' as const },
          ]
        : []),
      {
        type: 'list',
        title: `Your open follow-ups (${followUps.total})`,
        items: followUps.rows.map((r) => followUpItem(r, today, true)),
        more: more(followUps),
        empty: 'Nothing open.',
      },
      { type: 'divider' },
      {
        type: 'list',
        title: `Your open alerts (${alerts.total})`,
        items: alerts.rows.map((a) => ({
          text: rich(bold(`${shortName(a.accountName)}: `), a.summary),
          detail: rich(`${ruleWords(a.rule)} · ${a.status}`),
        })),
        more: more(alerts),
        empty: 'No open alerts.',
      },
      ...(settings
        ? [
            { type: 'divider' as const },
            { type: 'text' as const, text: rich(bold('Your alert settings')) },
            ...routingBlocks(settings),
          ]
        : []),
      { type: 'context', text: rich('Try /health <account>, /followups, /cs help.') },
    ],
  };
}
