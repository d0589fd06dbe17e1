import { ACTIONS } from './actions';
import { shortName } from './format';
import { bold, button, type Card, rich } from './model';

export interface CatchUpItem {
  accountId: number;
  accountName: string;
  summary: string;
  /** The alert's status now: an alert resolved meanwhile says so. */
  status: string;
}

/** When a person's quiet hours end: the alerts held for them, in one message. */
export function catchUpCard(items: CatchUpItem[]): Card {
  const n = items.length;
  const head = `While you were away: ${n} ${n === 1 ? 'alert' : 'alerts'}`;
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
            i.status === 'open' ? '' : ` (${i.status} since)`,
          ),
          action: button('Open', ACTIONS.pickAccount, { accountId: i.accountId }),
        })),
      },
      {
        type: 'context',
        text: rich(
          'Held during your quiet hours (cs quiet, cs hours); each card is in its channel.',
        ),
      },
    ],
  };
}
