import { isIsoDay } from './dates';
import type { Msg } from './locale';

// Success plans: an account's goals and milestones (issue 15). Pure rules about them; the
// rows live in plan_goals / plan_milestones and every change in plan_changes.

export const MILESTONE_STATUSES = ['planned', 'in_progress', 'done', 'missed'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const STATUS_WORDS: Record<MilestoneStatus, string> = {
  planned: 'planned',
  in_progress: 'in progress',
  done: 'done',
  missed: 'missed',
};

export const STATUS_MARK: Record<MilestoneStatus, string> = {
  planned: '○',
  in_progress: '◐',
  done: '✅',
  missed: '✖',
};

/** A plan reads best with 3–6 milestones (the CS playbooks' advice); more is allowed. */
export const RECOMMENDED_MILESTONES = { min: 3, max: 6 } as const;
/** Hard caps, so a plan card always fits a Slack message and an Adaptive Card. */
export const PLAN_LIMITS = {
  goals: 8,
  milestones: 12,
  outcome: 300,
  measure: 300,
  title: 200,
} as const;

/** A milestone still to do: its linked follow-up is open, and past its day it is overdue. */
export function isOpenStatus(status: MilestoneStatus): boolean {
  return status === 'planned' || status === 'in_progress';
}

export interface MilestoneFacts {
  title: string;
  dueOn: string;
  ownerEmail: string | null;
  status: MilestoneStatus;
}

export interface PlanProgress {
  total: number;
  done: number;
  overdue: number;
  next: { title: string; due: string; owner: string | null } | null;
}

/** Done / total, how many are overdue, and the next open milestone by due day. */
export function planProgress(milestones: readonly MilestoneFacts[], today: string): PlanProgress {
  const open = milestones
    .filter((m) => isOpenStatus(m.status))
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  const next = open[0];
  return {
    total: milestones.length,
    done: milestones.filter((m) => m.status === 'done').length,
    overdue: open.filter((m) => m.dueOn < today).length,
    next: next ? { title: next.title, due: next.dueOn, owner: next.ownerEmail } : null,
  };
}

/** The linked follow-up's title, so /followups says what it is. */
export function followUpTitleOf(milestoneTitle: string): string {
  return `Milestone: ${milestoneTitle}`;
}

export interface GoalInput {
  outcome: string;
  measure: string | null;
  targetOn: string | null;
}

export interface MilestoneInput {
  title: string;
  dueOn: string;
  ownerEmail: string | null;
  status: MilestoneStatus;
}

/**
 * Field → problem, every problem at once; empty when the goal can be saved. A problem is a
 * message key and values: each surface words it in its reader's language.
 */
export function goalProblems(g: GoalInput): Record<string, Msg> {
  const out: Record<string, Msg> = {};
  if (g.outcome.trim() === '') out.outcome = { key: 'problem.goalOutcome' };
  else if (g.outcome.length > PLAN_LIMITS.outcome) {
    out.outcome = { key: 'problem.atMost', params: { max: PLAN_LIMITS.outcome } };
  }
  if (g.measure && g.measure.length > PLAN_LIMITS.measure) {
    out.measure = { key: 'problem.atMost', params: { max: PLAN_LIMITS.measure } };
  }
  if (g.targetOn && !isIsoDay(g.targetOn)) out.target = { key: 'problem.pickDate' };
  return out;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Field → problem for a milestone, every problem at once. */
export function milestoneProblems(m: MilestoneInput): Record<string, Msg> {
  const out: Record<string, Msg> = {};
  if (m.title.trim() === '') out.title = { key: 'problem.milestoneTitle' };
  else if (m.title.length > PLAN_LIMITS.title)
    out.title = { key: 'problem.atMost', params: { max: PLAN_LIMITS.title } };
  if (!isIsoDay(m.dueOn)) out.due = { key: 'problem.pickDueDate' };
  if (m.ownerEmail !== null && !EMAIL.test(m.ownerEmail)) out.owner = { key: 'problem.email' };
  if (!(MILESTONE_STATUSES as readonly string[]).includes(m.status)) {
    out.status = { key: 'problem.pickStatus' };
  }
  return out;
}

export function isMilestoneStatus(s: string): s is MilestoneStatus {
  return (MILESTONE_STATUSES as readonly string[]).includes(s);
}
