import { addDays, isIsoDay, parseDay, shortDay } from '../dates';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekdayOf(day: string): number {
  return (((parseDay(day) + 4) % 7) + 7) % 7;
}

function weekdayIndex(word: string): number {
  const w = word.replace(/\.$/, '');
  if (w.length < 3) return -1;
  // "fri", "thurs", "weds": any prefix of at least three letters (plus "weds").
  const i = WEEKDAYS.findIndex((name) => name.startsWith(w));
  return i >= 0 ? i : w === 'weds' ? 3 : -1;
}

/**
 * A due date a person typed, relative to their `today`: `2026-12-01`, `today`, `tomorrow`,
 * `friday` (the coming Friday: today if it is Friday), `next friday` (strictly after
 * today), `next week` (next Monday), `in 3 days`,
 * `in 2 weeks`, `end of week` (the coming Friday, today if it is Friday), `end of month`.
 * Null when it is not a date we understand; the caller says so rather than guess. A day
 * before `today` (`yesterday`, `2020-01-01`) is returned as read: `pastDueProblem` says why
 * the caller refuses it.
 */
export function parseDueDate(text: string, today: string): string | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === '') return null;
  if (isIsoDay(t)) return t;
  if (t === 'today' || t === 'eod' || t === 'end of day') return today;
  if (t === 'tomorrow' || t === 'tmrw') return addDays(today, 1);
  // Understood so that it can be refused as past, rather than left in the text unnoticed.
  if (t === 'yesterday') return addDays(today, -1);
  if (t === 'next week') return addDays(today, (8 - weekdayOf(today)) % 7 || 7);
  if (t === 'end of week' || t === 'eow') return addDays(today, (5 - weekdayOf(today) + 7) % 7);
  if (t === 'end of month' || t === 'eom') {
    const [y, m] = today.split('-').map(Number) as [number, number];
    const first = `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01`;
    return addDays(first, -1);
  }
  const inN = /^in (\d{1,3}|a|an|one|two|three) (day|days|week|weeks|month|months)$/.exec(t);
  if (inN) {
    const words: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3 };
    const n = words[inN[1]!] ?? Number(inN[1]);
    const unit = inN[2]!;
    if (unit.startsWith('day')) return addDays(today, n);
    if (unit.startsWith('week')) return addDays(today, 7 * n);
    return addMonths(today, n);
  }
  const weekday = /^(next |this )?([a-z.]+)$/.exec(t);
  if (weekday) {
    const target = weekdayIndex(weekday[2]!);
    if (target < 0) return null;
    const ahead = (target - weekdayOf(today) + 7) % 7;
    return addDays(today, ahead === 0 && weekday[1] === 'next ' ? 7 : ahead);
  }
  return null;
}

/** Same day of month N months later, clamped to the month's last day (31 Jan + 1 → 28 Feb). */
function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (v: number) => String(v).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(Math.min(d, lastDay))}`;
}

/** Why a due date cannot be taken: it lies before `today`. Null when it is today or later. */
export function pastDueProblem(due: string, today: string): string | null {
  if (due >= today) return null;
  return `The due date ${shortDay(due, today)} (${due}) is in the past. Give today or a later day, e.g. by friday or in 3 days.`;
}
