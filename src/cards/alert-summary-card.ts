import { ACTIONS } from './actions';
import { shortName } from './format';
import { bold, button, type Card, rich } from './model';

const MARK: Record<string, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

export interface SummarizedAlert {
  accountId: number;
  accountName: string;
  severity: string;
  summary: string;
}

/**
 * Past a channel's hourly budget: the alerts that did not get a card of their own, on one card,
 * each with Open (the account's card). Nothing is dropped; it is only quieter.
 */
export function alertSummaryCard(alerts: SummarizedAlert[], perHour: number): Card {
  const n = alerts.length;
  return {
    title: `${n} more ${n === 1 ? 'alert' : 'alerts'}`,
    fallback: `${n} more ${n === 1 ? 'alert' : 'alerts'}: ${alerts
      .map((a) => shortName(a.accountName))
      .join(', ')}`,
    blocks: [
      {
        type: 'context',
        text: rich(
          `This channel had ${perHour} alert cards in the last hour; these are listed here instead of one card each.`,
        ),
      },
      {
        type: 'list',
        items: alerts.map((a) => ({
          text: rich(
            `${MARK[a.severity] ?? '⚠️'} `,
            bold(shortName(a.accountName)),
            `: ${a.summary}`,
          ),
          action: button('Open', ACTIONS.pickAccount, { accountId: a.accountId }),
        })),
      },
    ],
  };
}
