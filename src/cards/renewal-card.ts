import type { Band } from '../domain/health';
import { ACTIONS } from './actions';
import { formatMoney, formatScore, plural, shortName } from './format';
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
  /**
   * The account was marked churned: the card says so instead of counting days to a renewal
   * that will not happen, and offers Undo while `undoUntil` (shown as a time) lasts.
   */
  churned?: { undoUntil: string | null };
}

/** "Mark churned" asks first: it closes the reminder and resolves the account's alerts. */
export const CHURN_CONFIRM = {
  title: 'Mark as churned?',
  text: 'This closes the renewal reminder and resolves the account’s open alerts. You can undo it for 10 minutes.',
  yes: 'Mark churned',
  no: 'Cancel',
};

/** A renewal reminder, rewritten in place when someone records an outcome. */
export function renewalCard(v: RenewalCardView): Card {
  const value = { accountId: v.accountId, renewalDate: v.renewalDate };
  const name = shortName(v.name);
  const headline = v.churned
    ? rich(bold(name), ` churned (the renewal was due on ${v.renewalDate})`)
    : rich(bold(name), ` renews on ${v.renewalDate} (in ${plural(v.daysLeft, 'day')})`);
  const blocks: CardBlock[] = [
    { type: 'text', text: headline },
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
  const review = button('Write churn review', ACTIONS.reviewOpen, {
    accountId: v.accountId,
    kind: 'churn',
  });
  if (v.churned?.undoUntil) {
    blocks.push(
      { type: 'context', text: rich(`Undo is possible until ${v.churned.undoUntil}.`) },
      { type: 'actions', elements: [review, button('Undo', ACTIONS.renewalUndoChurn, value)] },
    );
  } else if (v.churned) {
    blocks.push({ type: 'actions', elements: [review] });
  }
  if (!v.closed && !v.churned) {
    blocks.push({
      type: 'actions',
      elements: [
        button('Start renewal plan', ACTIONS.renewalPlan, value, 'primary'),
        button('Log follow-up', ACTIONS.renewalFollowUp, value),
        button('Mark renewed', ACTIONS.renewalRenewed, value),
        button('Mark churned', ACTIONS.renewalChurned, value, 'danger', CHURN_CONFIRM),
        button('Snooze a week', ACTIONS.renewalSnooze, value),
      ],
    });
  }
  return {
    title: v.churned ? `Churned: ${name}` : `Renewal in ${plural(v.daysLeft, 'day')}: ${name}`,
    fallback: v.churned
      ? `${name} churned (renewal was due ${v.renewalDate})`
      : `${name} renews on ${v.renewalDate} (in ${plural(v.daysLeft, 'day')})`,
    blocks,
  };
}
