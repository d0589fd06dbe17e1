import { addDays } from '../dates';
import type { Condition, Playbook, StepOwner } from './model';

/** What a step's condition and owner need to know about the account. */
export interface PlanAccount {
  tier: string | null;
  segment: string | null;
  arr: number | null;
  ownerEmail: string | null;
}

export interface PlannedStep {
  position: number;
  title: string;
  ownerEmail: string | null;
  /** The team's calendar day it is due. */
  dueOn: string;
}

const inList = (value: string | null, list: readonly string[] | undefined) =>
  list === undefined ||
  (value !== null && list.some((v) => v.toLowerCase() === value.toLowerCase()));

export function matches(condition: Condition | undefined, a: PlanAccount): boolean {
  if (!condition) return true;
  return (
    inList(a.tier, condition.tier) &&
    inList(a.segment, condition.segment) &&
    (condition.minArr === undefined || (a.arr ?? 0) >= condition.minArr)
  );
}

/** `manager` is the first of the settings' managers; without one the step stays the owner's. */
export function ownerOf(
  owner: StepOwner,
  a: PlanAccount,
  managers: readonly string[],
): string | null {
  if (owner === 'account_owner') return a.ownerEmail;
  if (owner === 'manager') return managers[0] ?? a.ownerEmail;
  return owner;
}

/**
 * The steps a run of the playbook holds for this account: those whose condition it meets, each
 * due `dueDays` calendar days after `anchorDay` (a calendar day in the team's time zone, so a
 * DST change never moves a due day).
 */
export function planSteps(
  playbook: Playbook,
  account: PlanAccount,
  anchorDay: string,
  managers: readonly string[],
): PlannedStep[] {
  return playbook.steps
    .filter((s) => matches(s.when, account))
    .map((s, i) => ({
      position: i + 1,
      title: s.title,
      ownerEmail: ownerOf(s.owner, account, managers),
      dueOn: addDays(anchorDay, s.dueDays),
    }));
}

/**
 * Where a run's due days count from: a renewal playbook from `daysBefore` the renewal (so its
 * steps land at 120/90/60/30 days out even when the job first sees the account later); every
 * other from the day it starts.
 */
export function anchorDayOf(playbook: Playbook, startDay: string, renewalDate: string | null) {
  if (playbook.trigger.type === 'renewal' && renewalDate) {
    return addDays(renewalDate, -playbook.trigger.daysBefore);
  }
  return startDay;
}

/** A step is overdue from the day after its due day, in the team's calendar. */
export const isOverdue = (dueOn: string, today: string) => today > dueOn;
