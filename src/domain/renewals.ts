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

/** The follow-ups "Start renewal plan" creates, due relative to the renewal date. */
export function renewalPlan(
  renewalDate: string,
  today: string,
): { title: string; dueOn: string }[] {
  const steps: [string, number][] = [
    ['Review health, usage and open issues before the renewal call', -60],
    ['Confirm the decision maker, budget and timeline', -45],
    ['Send the renewal proposal', -30],
    ['Get the renewal signed', -7],
  ];
  return steps.map(([title, offset]) => {
    const due = addDays(renewalDate, offset);
    // Steps already late are due today rather than in the past.
    return { title, dueOn: due < today ? today : due };
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
