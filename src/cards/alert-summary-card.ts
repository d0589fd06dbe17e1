import type { Locale } from '../domain/locale';
import { ACTIONS } from './actions';
import { shortName } from './format';
import { t } from './i18n/t';
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
export function alertSummaryCard(
  alerts: SummarizedAlert[],
  perHour: number,
  locale: Locale = 'en',
): Card {
  const title = t(locale, 'alertSummary.title', { n: alerts.length });
  return {
    title,
    fallback: `${title}: ${alerts.map((a) => shortName(a.accountName)).join(', ')}`,
    locale,
    blocks: [
      { type: 'context', text: rich(t(locale, 'alertSummary.note', { n: perHour })) },
      {
        type: 'list',
        items: alerts.map((a) => ({
          text: rich(
            `${MARK[a.severity] ?? '⚠️'} `,
            bold(shortName(a.accountName)),
            `: ${a.summary}`,
          ),
          action: button(t(locale, 'list.open'), ACTIONS.pickAccount, { accountId: a.accountId }),
        })),
      },
    ],
  };
}
