import { addDays } from './dates';
import { weekdayOf } from './schedule';

/** The Monday of the week a day is in (ISO weeks, as Postgres' date_trunc('week')). */
export function weekStartOf(day: string): string {
  return addDays(day, -((weekdayOf(day) + 6) % 7));
}

/** The first days of the last `n` weeks up to today's, oldest first. */
export function lastWeeks(today: string, n: number): string[] {
  const current = weekStartOf(today);
  return Array.from({ length: n }, (_, i) => addDays(current, -7 * (n - 1 - i)));
}
