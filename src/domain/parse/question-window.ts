import { addDays, formatDay, parseDay } from '../dates';
import type { RenewalWindow } from './question-model';

/** First and last day (inclusive) of a renewal window, counted from `today` (YYYY-MM-DD). */
export function resolveWindow(window: RenewalWindow, today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  switch (window.unit) {
    case 'days':
      return { from: today, to: addDays(today, window.days) };
    case 'week': {
      // Weeks start on Monday (ISO); epoch day 0 (1970-01-01) was a Thursday.
      const dow = (((parseDay(today) + 3) % 7) + 7) % 7;
      const monday = addDays(today, -dow + 7 * window.offset);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'month':
      return monthSpan(y, m - 1 + window.offset, 1);
    case 'quarter':
      return monthSpan(y, Math.floor((m - 1) / 3) * 3 + 3 * window.offset, 3);
    case 'quarter-of-year': {
      // The quarter's next occurrence: this year's, unless it is already over.
      const span = monthSpan(y, (window.quarter - 1) * 3, 3);
      return span.to < today ? monthSpan(y + 1, (window.quarter - 1) * 3, 3) : span;
    }
  }
}

/** `months` months from month index `month0` (0-based, may overflow into later years). */
function monthSpan(year: number, month0: number, months: number): { from: string; to: string } {
  const start = Date.UTC(year, month0, 1);
  const end = Date.UTC(year, month0 + months, 1);
  return {
    from: formatDay(start / 86_400_000),
    to: formatDay(end / 86_400_000 - 1),
  };
}
