import { shortDay } from '../domain/dates';
import { ACTIONS } from './actions';
import { formatWhen, shortName } from './format';
import { bold, button, type Card, type CardBlock, type ListItem, rich } from './model';

/** What a checklist card shows; the use case fills it from the run, its steps and account. */
export interface PlaybookCardView {
  run: { title: string; version: number; trigger: string; completedAt: Date | null };
  account: { name: string };
  steps: {
    id: number;
    title: string;
    owner: string | null;
    dueOn: string;
    doneAt: Date | null;
    doneBy: string | null;
  }[];
  /** The team's calendar day (overdue is counted in it). */
  today: string;
  timeZone: string;
  now: Date;
}

const TRIGGER_WORDS: Record<string, string> = {
  rule: 'an alert',
  renewal: 'the renewal window',
  new_account: 'a new account',
  band_change: 'a health band change',
  nps_loop: 'a survey loop',
  manual: 'a /play command',
};

export const progressWords = (done: number, total: number) => `${done}/${total}`;

/** A running playbook's checklist: each open step has a Done button; ticks show who and when. */
export function playbookCard(v: PlaybookCardView): Card {
  const name = shortName(v.account.name);
  const done = v.steps.filter((s) => s.doneAt !== null).length;
  const items: ListItem[] = v.steps.map((s) => {
    const due = `due ${shortDay(s.dueOn, v.today)}${s.doneAt === null && v.today > s.dueOn ? ' (overdue)' : ''}`;
    if (s.doneAt !== null) {
      return {
        text: rich('✅ ', s.title),
        detail: rich(
          `ticked by ${s.doneBy ?? 'someone'} at ${formatWhen(s.doneAt, v.now, v.timeZone)}`,
        ),
      };
    }
    return {
      text: rich('⬜ ', s.title),
      detail: rich([s.owner ?? 'unassigned', due].join(' · ')),
      action: button('Done', ACTIONS.playbookTick, { stepId: s.id }),
    };
  });
  const blocks: CardBlock[] = [
    {
      type: 'text',
      text: rich(
        bold(`📋 ${v.run.title}`),
        ` for ${name}: ${progressWords(done, v.steps.length)} done`,
      ),
    },
    { type: 'list', items, empty: 'no steps apply to this account' },
    {
      type: 'context',
      text: rich(
        `Started by ${TRIGGER_WORDS[v.run.trigger] ?? v.run.trigger} · playbook version ${v.run.version}`,
      ),
    },
  ];
  if (v.run.completedAt) {
    blocks.push({
      type: 'status',
      text: rich(`Completed at ${formatWhen(v.run.completedAt, v.now, v.timeZone)}`),
    });
  }
  return {
    title: `${v.run.title}: ${name}`,
    fallback: `${v.run.title} for ${name}: ${progressWords(done, v.steps.length)} done`,
    blocks,
  };
}
