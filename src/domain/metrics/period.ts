import { addDays, daysBetween } from '../dates';

/** The periods `/stats` and the metrics API take. */
export const PERIOD_NAMES = ['7d', '30d', '90d', 'quarter'] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];
export const DEFAULT_PERIOD: PeriodName = '30d';

/** Calendar days, both ends included, in the team's time zone. */
export interface DayRange {
  from: string;
  to: string;
}

export interface Periods {
  name: PeriodName;
  current: DayRange;
  /** The same length just before (for a quarter: the previous quarter's first as many days). */
  previous: DayRange;
}

export function isPeriodName(text: string): text is PeriodName {
  return (PERIOD_NAMES as readonly string[]).includes(text);
}

function quarterStart(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const first = Math.floor((m - 1) / 3) * 3 + 1;
  return `${y}-${String(first).padStart(2, '0')}-01`;
}

/**
 * The current period ends today (so far); the previous one is as long and ends the day before
 * it starts. A quarter runs from its first day to today and is compared with the same number
 * of days from the start of the previous quarter, so "quarter to date" is not set against a
 * whole quarter.
 */
export function periodsOf(name: PeriodName, today: string): Periods {
  if (name === 'quarter') {
    const from = quarterStart(today);
    const previousFrom = quarterStart(addDays(from, -1));
    const elapsed = daysBetween(from, today);
    const previousTo = addDays(previousFrom, elapsed);
    // A 92-day quarter's day 92 has no counterpart in a 90-day quarter: stop at its end.
    const lastOfPrevious = addDays(from, -1);
    return {
      name,
      current: { from, to: today },
      previous: {
        from: previousFrom,
        to: previousTo > lastOfPrevious ? lastOfPrevious : previousTo,
      },
    };
  }
  const days = Number(name.slice(0, -1));
  const from = addDays(today, 1 - days);
  return {
    name,
    current: { from, to: today },
    previous: { from: addDays(from, -days), to: addDays(from, -1) },
  };
}

export function dayInRange(day: string, range: DayRange): boolean {
  return day >= range.from && day <= range.to;
}
