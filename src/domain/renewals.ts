import { addDays, daysBetween } from './dates';

/**
 * The reminder window due for a renewal on `today`: the tightest window the renewal is
 * already inside (85 days left with windows 120/90/60 → 90). After downtime or a late import
 * only that one is sent, never a burst of stale ones. Null once the date has passed.
 */
export function dueWindow(renewalDate: string, today: string, windows: number[]): number | null {
  const left = daysBetween(today, renewalDate);
  if (left < 0) return null;
  const inside = windows.filter((w) => left <= w);
  return inside.length === 0 ? null : Math.min(...inside);
}

export type RenewalPlanStep = 'review' | 'decision' | 'proposal' | 'signed';

/**
 * The follow-ups "Start renewal plan" creates, due relative to the renewal date. Steps are
 * codes: the app words each title in a language when it writes the follow-up.
 */
export function renewalPlan(
  renewalDate: string,
  today: string,
): { step: RenewalPlanStep; dueOn: string }[] {
  const steps: [RenewalPlanStep, number][] = [
    ['review', -60],
    ['decision', -45],
    ['proposal', -30],
    ['signed', -7],
  ];
  return steps.map(([step, offset]) => {
    const due = addDays(renewalDate, offset);
    // Steps already late are due today rather than in the past.
    return { step, dueOn: due < today ? today : due };
  });
}

export interface RenewalOutcomes {
  renewed: number;
  churned: number;
}

/** Renewal rate over decided renewals, null when none were decided. */
export function renewalRate(o: RenewalOutcomes): number | null {
  const decided = o.renewed + o.churned;
  return decided === 0 ? null : o.renewed / decided;
}
