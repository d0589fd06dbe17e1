import type { Band } from '../domain/health';
import { ACTIONS } from './actions';
import { formatMoney, formatScore, shortName } from './format';
import { bold, button, type Card, type CardBlock, rich } from './model';

export interface RenewalCardView {
  accountId: number;
  name: string;
  renewalDate: string;
  daysLeft: number;
  arr: number | null;
  owner: string | null;
  score: number | null;
  band: Band | null;
  /** Set once someone acted: "Marked renewed by @jane (new date 2027-11-30)". */
  outcome?: string;
  /** Outcomes close the card; a plan or a follow-up leaves it open. */
  closed?: boolean;
}

/** A renewal reminder, rewritten in place when someone records an outcome. */
export function renewalCard(v: RenewalCardView): Card {
  const value = { accountId: v.accountId, renewalDate: v.renewalDate };
  const blocks: CardBlock[] = [
    {
      type: 'text',
      text: rich(bold(shortName(v.name)), ` renews on ${v.renewalDate} (in ${v.daysLeft} days)`),
    },
    {
      type: 'facts',
      facts: [
        { label: 'ARR', value: rich(formatMoney(v.arr)) },
        { label: 'Health', value: rich(formatScore(v.score, v.band)) },
        { label: 'Owner', value: rich(v.owner ?? '—') },
      ],
    },
  ];
  if (v.outcome) blocks.push({ type: 'status', text: rich(v.outcome) });
  if (!v.closed) {
    blocks.push({
      type: 'actions',
      elements: [
        button('Start renewal plan', ACTIONS.renewalPlan, value, 'primary'),
        button('Log follow-up', ACTIONS.renewalFollowUp, value),
        button('Mark renewed', ACTIONS.renewalRenewed, value),
        button('Mark churned', ACTIONS.renewalChurned, value, 'danger'),
        button('Snooze a week', ACTIONS.renewalSnooze, value),
      ],
    });
  }
  return {
    title: `Renewal in ${v.daysLeft} days: ${shortName(v.name)}`,
    fallback: `${shortName(v.name)} renews on ${v.renewalDate} (in ${v.daysLeft} days)`,
    blocks,
  };
}
