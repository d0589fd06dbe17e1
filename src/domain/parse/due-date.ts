import { addDays, isIsoDay, parseDay } from '../dates';
import type { Msg } from '../locale';
import { digitsForNumberWords } from './question-text';

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
  const zh = parseChineseDue(t, today);
  if (zh) return zh;
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

// 周五, 星期五, 礼拜五: Monday is 一, Sunday 日 or 天 (index 0 like WEEKDAYS).
const ZH_WEEKDAY: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 0,
  天: 0,
};

/**
 * A due date in Chinese: 今天, 明天, 后天, 下周 (next Monday), 本周 (the coming Friday), 月底,
 * 3天后 / 三天后, 2周后, 1个月后, 周五 / 星期五 (the coming one), 下周五 (Friday of next week);
 * each may end in 前 or 之前 ("by"). Null when it is not one of these.
 */
export function parseChineseDue(text: string, today: string): string | null {
  const t = digitsForNumberWords(text.trim())
    .replace(/^(截止|截至|到)/, '')
    .replace(/(之前|以前|前)$/, '');
  if (t === '') return null;
  const fixed: Record<string, number> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 昨天: -1 };
  if (t in fixed) return addDays(today, fixed[t]!);
  const nextMonday = addDays(today, (8 - weekdayOf(today)) % 7 || 7);
  if (t === '下周' || t === '下星期' || t === '下个星期') return nextMonday;
  if (t === '本周' || t === '这周' || t === '周末' || t === '本周末') {
    return addDays(today, (5 - weekdayOf(today) + 7) % 7);
  }
  if (t === '月底' || t === '本月底' || t === '这个月底')
    return parseDueDate('end of month', today);
  const inN = /^(\d{1,3})(天|日|周|个星期|星期|个月|月)(后|以后|之后|内|以内)$/.exec(t);
  if (inN) {
    const n = Number(inN[1]);
    const unit = inN[2]!;
    if (unit === '天' || unit === '日') return addDays(today, n);
    if (unit.endsWith('月')) return addMonths(today, n);
    return addDays(today, 7 * n);
  }
  const weekday = /^(下|本|这)?(?:周|星期|礼拜)([一二三四五六日天])$/.exec(t);
  if (weekday) {
    const target = ZH_WEEKDAY[weekday[2]!]!;
    // 下周五 is the Friday of next week (Monday-first), not merely the next Friday.
    if (weekday[1] === '下') return addDays(nextMonday, (target + 6) % 7);
    return addDays(today, (target - weekdayOf(today) + 7) % 7);
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

/**
 * Why a due date cannot be taken: it lies before `today`. Null when it is today or later. The
 * day is in `params.dueIso` (with `today`) for the card layer to write in the reader's language.
 */
export function pastDueProblem(due: string, today: string): Msg | null {
  if (due >= today) return null;
  return { key: 'followups.pastDue', params: { dueIso: due, today } };
}
