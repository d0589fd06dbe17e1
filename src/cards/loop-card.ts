import { shortDay } from '../domain/dates';
import { LOOP_OUTCOMES, type LoopOutcome, type LoopReason, OUTCOME_WORDS } from '../domain/loops';
import { ACTIONS } from './actions';
import { formatMoney, formatWhen, plural, shortName } from './format';
import { bold, button, type Card, type CardBlock, italic, type ListItem, rich } from './model';

/** What a loop card shows; the use case fills it from the loop, its answer and its account. */
export interface LoopCardView {
  loop: {
    id: number;
    reason: LoopReason;
    dueAt: Date;
    escalatedAt: Date | null;
    closedAt: Date | null;
    outcome: LoopOutcome | null;
    note: string | null;
    closedBy: string | null;
  };
  answer: {
    kind: 'nps' | 'csat';
    score: number;
    respondent: string | null;
    comment: string | null;
    answeredOn: string;
  };
  account: { name: string; owner: string | null; arr: number | null };
  timeZone: string;
  now: Date;
  /** The escalation copy: same card, a different opening line. */
  escalated?: boolean;
}

const REASON_WORDS: Record<LoopReason, string> = {
  detractor: 'Detractor',
  low_csat: 'Low CSAT',
  passive: 'Passive',
};

export function answerWords(a: Pick<LoopCardView['answer'], 'kind' | 'score'>): string {
  return a.kind === 'nps' ? `NPS ${a.score}` : `CSAT ${a.score}/5`;
}

function clockWords(v: LoopCardView): string {
  const l = v.loop;
  const when = (d: Date) => formatWhen(d, v.now, v.timeZone);
  if (l.closedAt && l.outcome) {
    const late = l.closedAt.getTime() > l.dueAt.getTime() ? ' (after its clock)' : '';
    return `${OUTCOME_WORDS[l.outcome]} by ${l.closedBy ?? 'someone'} at ${when(l.closedAt)}${late}`;
  }
  const hours = Math.round((l.dueAt.getTime() - v.now.getTime()) / 3_600_000);
  if (hours < 0) {
    return `Overdue: contact was due by ${when(l.dueAt)}${l.escalatedAt ? ' · escalated' : ''}`;
  }
  return `Contact by ${when(l.dueAt)} (${hours < 1 ? 'within the hour' : `in ${plural(hours, 'hour')}`})`;
}

/** A survey loop: who answered what, the clock, and an outcome button each (until closed). */
export function loopCard(v: LoopCardView): Card {
  const { loop, answer } = v;
  const name = shortName(v.account.name);
  const what = `${REASON_WORDS[loop.reason]} ${answerWords(answer)}`;
  const blocks: CardBlock[] = [
    {
      type: 'text',
      text: rich(
        bold(name),
        `: ${answerWords(answer)}${answer.respondent ? ` from ${answer.respondent}` : ''} on ${shortDay(answer.answeredOn)}`,
      ),
    },
  ];
  if (answer.comment) blocks.push({ type: 'text', text: rich(italic(`“${answer.comment}”`)) });
  blocks.push({
    type: 'facts',
    facts: [
      { label: 'Owner', value: rich(v.account.owner ?? '—') },
      { label: 'ARR', value: rich(formatMoney(v.account.arr)) },
    ],
  });
  if (loop.note) blocks.push({ type: 'status', text: rich(`Note: ${loop.note}`) });
  blocks.push({ type: 'status', text: rich(clockWords(v)) });
  if (!loop.closedAt) {
    blocks.push({
      type: 'actions',
      elements: LOOP_OUTCOMES.map((outcome) =>
        button(
          OUTCOME_WORDS[outcome],
          ACTIONS.loopOutcome,
          { loopId: loop.id, outcome },
          outcome === 'contacted' ? 'primary' : undefined,
        ),
      ),
    });
  }
  const opening = v.escalated ? 'Escalated: loop not closed in time' : `Close the loop: ${what}`;
  return {
    title: `${opening} · ${name}`,
    fallback: `${what} on ${name}: ${clockWords(v)}`,
    blocks,
  };
}

export interface LoopLine {
  id: number;
  accountName: string;
  reason: LoopReason;
  answer: LoopCardView['answer'];
  dueAt: Date;
}

/** `/loops` and App Home: open loops, overdue first, each with Open. */
export function loopItems(rows: LoopLine[], now: Date, timeZone: string): ListItem[] {
  return rows.map((r) => {
    const overdue = r.dueAt.getTime() < now.getTime();
    return {
      text: rich(
        bold(shortName(r.accountName)),
        `  ${REASON_WORDS[r.reason]} ${answerWords(r.answer)}`,
      ),
      detail: rich(
        `${overdue ? '⏰ overdue since' : 'contact by'} ${formatWhen(r.dueAt, now, timeZone)}`,
      ),
      action: button('Open', ACTIONS.loopShow, { loopId: r.id }),
    };
  });
}

export function loopsCard(
  rows: LoopLine[],
  total: number,
  scope: 'mine' | 'team',
  now: Date,
  timeZone: string,
): Card {
  const title = scope === 'mine' ? 'Your open loops' : 'Open loops';
  return {
    title,
    fallback: `${title}: ${total}`,
    blocks: [
      {
        type: 'list',
        title: `${plural(total, 'loop')} to close, overdue first`,
        items: loopItems(rows, now, timeZone),
        ...(total > rows.length ? { more: total - rows.length } : {}),
        empty: 'No open loops: every detractor and low CSAT answer has an outcome.',
      },
    ],
  };
}
