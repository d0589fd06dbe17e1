import type { Locale } from '../domain/locale';
import { ALERT_STATE_KEY } from './account-card';
import { ACTIONS } from './actions';
import { shortName } from './format';
import { t } from './i18n/t';
import { bold, button, type Card, rich } from './model';

export interface CatchUpItem {
  accountId: number;
  accountName: string;
  summary: string;
  /** The alert's status now: an alert resolved meanwhile says so. */
  status: string;
}

/** When a person's quiet hours end: the alerts held for them, in one message. */
export function catchUpCard(items: CatchUpItem[], locale: Locale = 'en'): Card {
  const head = t(locale, 'catchUp.title', { n: items.length });
  const state = (s: string) => (ALERT_STATE_KEY[s] ? t(locale, ALERT_STATE_KEY[s]!) : s);
  return {
    title: head,
    fallback: `${head}: ${items.map((i) => shortName(i.accountName)).join(', ')}`,
    blocks: [
      {
        type: 'list',
        items: items.map((i) => ({
          text: rich(
            bold(shortName(i.accountName)),
            `: ${i.summary}`,
            i.status === 'open' ? '' : t(locale, 'catchUp.since', { state: state(i.status) }),
          ),
          action: button(t(locale, 'list.open'), ACTIONS.pickAccount, { accountId: i.accountId }),
        })),
      },
      { type: 'context', text: rich(t(locale, 'catchUp.note')) },
    ],
    locale,
  };
}
