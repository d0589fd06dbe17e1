import { shortDay } from '../domain/dates';
import {
  isOpenStatus,
  type MilestoneStatus,
  type PlanProgress,
  progressWords,
  STATUS_MARK,
  STATUS_WORDS,
  sizeAdvice,
} from '../domain/plans';
import { ACTIONS, encodeValue } from './actions';
import { shortName } from './format';
import { type ActionElement, button, type Card, type CardBlock, rich } from './model';

export interface PlanView {
  accountId: number;
  accountName: string;
  today: string;
  goals: { id: number; outcome: string; measure: string | null; targetOn: string | null }[];
  milestones: {
    id: number;
    title: string;
    dueOn: string;
    ownerEmail: string | null;
    status: MilestoneStatus;
  }[];
  progress: PlanProgress;
  /** The latest change in words, e.g. 'milestone "Kickoff" marked done by ann@… on 3 Dec'. */
  lastChange: string | null;
}

/** The success plan card (`/plan acme`): goals, milestones with their status, and edit buttons. */
export function planCard(view: PlanView, note?: string): Card {
  const name = shortName(view.accountName);
  const day = (d: string) => shortDay(d, view.today);
  const account = { accountId: view.accountId };
  const blocks: CardBlock[] = [];
  if (note) blocks.push({ type: 'status', text: rich(note) });
  blocks.push({
    type: 'facts',
    facts: [
      {
        label: 'Progress',
        value: rich(
          view.progress.total > 0 ? progressWords(view.progress, day) : 'no milestones yet',
        ),
      },
    ],
  });
  blocks.push({
    type: 'list',
    title: `Goals (${view.goals.length})`,
    empty: 'none yet: add the outcomes the customer wants',
    items: view.goals.map((g) => ({
      text: rich(g.outcome),
      detail: rich(
        [
          g.measure ? `measure: ${g.measure}` : null,
          g.targetOn ? `target ${day(g.targetOn)}` : null,
        ]
          .filter(Boolean)
          .join(' · ') || 'no measure or target yet',
      ),
      action: button('Edit', ACTIONS.planGoalOpen, { ...account, goalId: g.id }),
    })),
  });
  blocks.push({
    type: 'list',
    title: `Milestones (${view.milestones.length})`,
    empty: 'none yet',
    items: view.milestones.map((m) => {
      const overdue = isOpenStatus(m.status) && m.dueOn < view.today;
      return {
        text: rich(`${STATUS_MARK[m.status]} `, m.title),
        detail: rich(
          [
            `due ${day(m.dueOn)}`,
            m.ownerEmail ?? 'no owner',
            STATUS_WORDS[m.status],
            overdue ? 'overdue' : null,
          ]
            .filter(Boolean)
            .join(' · '),
        ),
        // The one row button moves it on: Done while open; a closed one is edited instead.
        action: isOpenStatus(m.status)
          ? button('Done', ACTIONS.planMilestoneStatus, { milestoneId: m.id, status: 'done' })
          : button('Edit', ACTIONS.planMilestoneOpen, { ...account, milestoneId: m.id }),
      };
    }),
  });
  const advice = sizeAdvice(view.milestones.length);
  if (advice) blocks.push({ type: 'context', text: rich(advice) });
  blocks.push({
    type: 'actions',
    elements: [
      button('Add goal', ACTIONS.planGoalOpen, account),
      button('Add milestone', ACTIONS.planMilestoneOpen, account, 'primary'),
    ],
  });
  // The selects in a block of their own: Slack refuses two elements with one action_id in a
  // block, and "Edit milestone…" shares its verb with "Add milestone".
  const elements: ActionElement[] = [];
  const planned = view.milestones.filter((m) => m.status === 'planned');
  if (planned.length > 0) {
    elements.push({
      kind: 'select',
      label: 'Mark in progress…',
      actionId: ACTIONS.planMilestoneStatus,
      options: planned.map((m) => ({
        label: m.title,
        value: encodeValue(ACTIONS.planMilestoneStatus, {
          milestoneId: m.id,
          status: 'in_progress',
        }),
      })),
    });
  }
  const open = view.milestones.filter((m) => isOpenStatus(m.status));
  if (open.length > 0) {
    elements.push({
      kind: 'select',
      label: 'Edit milestone…',
      actionId: ACTIONS.planMilestoneOpen,
      options: open.map((m) => ({
        label: m.title,
        value: encodeValue(ACTIONS.planMilestoneOpen, { ...account, milestoneId: m.id }),
      })),
    });
  }
  if (elements.length > 0) blocks.push({ type: 'actions', elements });
  if (view.lastChange)
    blocks.push({ type: 'context', text: rich(`Last change: ${view.lastChange}`) });
  const summary = view.progress.total > 0 ? progressWords(view.progress, day) : 'no milestones yet';
  return { title: `Success plan: ${name}`, fallback: `${name} success plan: ${summary}`, blocks };
}
