import type { Locale } from '../domain/locale';
import {
  isOpenStatus,
  type MilestoneStatus,
  type PlanProgress,
  STATUS_MARK,
} from '../domain/plans';
import { ACTIONS, encodeValue } from './actions';
import { shortName } from './format';
import { day as dayIn } from './i18n/format';
import { type MessageKey, type Params, t } from './i18n/t';
import { type ActionElement, button, type Card, type CardBlock, rich } from './model';
import { progressWordsIn, sizeAdviceIn, statusWordsIn } from './plan-words';

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
  /**
   * The latest change, worded by the card: 'milestone "Kickoff" marked done by ann@… on 3 Dec'
   * / '里程碑“Kickoff”由 ann@… 于12月3日标记为已完成'. `on` is the ISO day.
   */
  lastChange: {
    subject: 'goal' | 'milestone';
    title: string;
    change: 'added' | 'edited' | 'status';
    to?: MilestoneStatus;
    by: string;
    on: string;
  } | null;
}

/** What the latest change did, in words. */
function changeWords(
  locale: Locale,
  c: NonNullable<PlanView['lastChange']>,
  today: string,
): string {
  return t(locale, 'plan.change', {
    subject: c.subject,
    title: c.title,
    change: c.change === 'status' && c.to ? 'status' : c.change,
    status: c.to ? statusWordsIn(locale, c.to) : '',
    by: c.by,
    day: dayIn(locale, c.on, today),
  });
}

/** The success plan card (`/plan acme`): goals, milestones with their status, and edit buttons. */
export function planCard(view: PlanView, note?: string, locale: Locale = 'en'): Card {
  const tr = (key: MessageKey, p?: Params) => t(locale, key, p);
  const name = shortName(view.accountName);
  const day = (d: string) => dayIn(locale, d, view.today);
  const account = { accountId: view.accountId };
  const summary =
    view.progress.total > 0
      ? progressWordsIn(locale, view.progress, view.today)
      : tr('plan.noMilestonesYet');
  const blocks: CardBlock[] = [];
  if (note) blocks.push({ type: 'status', text: rich(note) });
  blocks.push({
    type: 'facts',
    facts: [{ label: tr('plan.progressLabel'), value: rich(summary) }],
  });
  blocks.push({
    type: 'list',
    title: tr('plan.goals', { n: view.goals.length }),
    empty: tr('plan.goalsEmpty'),
    items: view.goals.map((g) => ({
      text: rich(g.outcome),
      detail: rich(
        [
          g.measure ? tr('plan.goal.measure', { measure: g.measure }) : null,
          g.targetOn ? tr('plan.goal.target', { day: day(g.targetOn) }) : null,
        ]
          .filter(Boolean)
          .join(' · ') || tr('plan.goal.noMeasure'),
      ),
      action: button(tr('plan.edit'), ACTIONS.planGoalOpen, { ...account, goalId: g.id }),
    })),
  });
  blocks.push({
    type: 'list',
    title: tr('plan.milestones', { n: view.milestones.length }),
    empty: tr('plan.milestonesEmpty'),
    items: view.milestones.map((m) => {
      const overdue = isOpenStatus(m.status) && m.dueOn < view.today;
      return {
        text: rich(`${STATUS_MARK[m.status]} `, m.title),
        detail: rich(
          [
            tr('plan.milestone.due', { day: day(m.dueOn) }),
            m.ownerEmail ?? tr('list.noOwner'),
            statusWordsIn(locale, m.status),
            overdue ? tr('plan.milestone.overdue') : null,
          ]
            .filter(Boolean)
            .join(' · '),
        ),
        // The one row button moves it on: Done while open; a closed one is edited instead.
        action: isOpenStatus(m.status)
          ? button(tr('followups.done'), ACTIONS.planMilestoneStatus, {
              milestoneId: m.id,
              status: 'done',
            })
          : button(tr('plan.edit'), ACTIONS.planMilestoneOpen, { ...account, milestoneId: m.id }),
      };
    }),
  });
  const advice = sizeAdviceIn(locale, view.milestones.length);
  if (advice) blocks.push({ type: 'context', text: rich(advice) });
  blocks.push({
    type: 'actions',
    elements: [
      button(tr('plan.addGoal'), ACTIONS.planGoalOpen, account),
      button(tr('plan.addMilestone'), ACTIONS.planMilestoneOpen, account, 'primary'),
    ],
  });
  // The selects in a block of their own: Slack refuses two elements with one action_id in a
  // block, and "Edit milestone…" shares its verb with "Add milestone".
  const elements: ActionElement[] = [];
  const planned = view.milestones.filter((m) => m.status === 'planned');
  if (planned.length > 0) {
    elements.push({
      kind: 'select',
      label: tr('plan.markInProgress'),
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
      label: tr('plan.editMilestoneSelect'),
      actionId: ACTIONS.planMilestoneOpen,
      options: open.map((m) => ({
        label: m.title,
        value: encodeValue(ACTIONS.planMilestoneOpen, { ...account, milestoneId: m.id }),
      })),
    });
  }
  if (elements.length > 0) blocks.push({ type: 'actions', elements });
  if (view.lastChange)
    blocks.push({
      type: 'context',
      text: rich(
        tr('plan.lastChange', { change: changeWords(locale, view.lastChange, view.today) }),
      ),
    });
  return {
    title: tr('plan.title', { name }),
    fallback: tr('plan.fallback', { name, summary }),
    blocks,
    locale,
  };
}
