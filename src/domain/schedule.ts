import { addDays, parseDay } from './dates';

// Local wall-clock times → UTC instants without a timezone library: Intl knows every zone's
// offsets, and two probes around the guess settle DST gaps and overlaps.

const MINUTE_MS = 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  day: string;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return {
    day,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: weekdayOf(day),
  };
}

export function weekdayOf(day: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((parseDay(day) + 4) % 7) + 7) % 7;
}

export function isWeekend(day: string): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

/** Local time minus UTC at an instant, in whole minutes (ms). */
function offsetAt(instantMs: number, timeZone: string): number {
  const p = localParts(new Date(instantMs), timeZone);
  const [y, m, d] = p.day.split('-').map(Number) as [number, number, number];
  const local = Date.UTC(y, m - 1, d, p.hour, p.minute);
  return local - Math.floor(instantMs / MINUTE_MS) * MINUTE_MS;
}

export function parseHhmm(time: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new RangeError(`not a HH:MM time: ${JSON.stringify(time)}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/**
 * The instant a local wall-clock time happens. A time skipped by a spring-forward change
 * (02:30 in Berlin on the last Sunday of March) fires when the clock jumps past it; a time
 * that happens twice in autumn fires the first time.
 */
export function localToInstant(day: string, time: string, timeZone: string): Date {
  const { hour, minute } = parseHhmm(time);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour, minute);
  const before = offsetAt(guess - 86_400_000 / 2, timeZone);
  const after = offsetAt(guess + 86_400_000 / 2, timeZone);
  const matches = (offset: number) => {
    const p = localParts(new Date(guess - offset), timeZone);
    return p.day === day && p.hour === hour && p.minute === minute;
  };
  const candidates = [before, after].filter(matches).map((o) => guess - o);
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // In the gap: the smaller offset is the one before the jump.
  return new Date(guess - Math.min(before, after));
}

export interface DailySchedule {
  at: string;
  timeZone: string;
  weekdaysOnly: boolean;
  /** Weekly: only on this local weekday (0 = Sunday … 6 = Saturday). */
  weekday?: number | null;
}

/** Whether the schedule has a slot on this local day. */
function runsOn(schedule: DailySchedule, day: string): boolean {
  if (schedule.weekday !== undefined && schedule.weekday !== null) {
    return weekdayOf(day) === schedule.weekday;
  }
  return !(schedule.weekdaysOnly && isWeekend(day));
}

/** The latest scheduled instant at or before `now` (looking back at most 8 days: a week and one). */
export function latestDue(schedule: DailySchedule, now: Date): Date | null {
  const today = localParts(now, schedule.timeZone).day;
  for (let back = 0; back <= 8; back++) {
    const day = addDays(today, -back);
    if (!runsOn(schedule, day)) continue;
    const at = localToInstant(day, schedule.at, schedule.timeZone);
    if (at.getTime() <= now.getTime()) return at;
  }
  return null;
}

/** The first scheduled instant strictly after `now`. */
export function nextDue(schedule: DailySchedule, now: Date): Date {
  const today = localParts(now, schedule.timeZone).day;
  for (let ahead = 0; ahead <= 8; ahead++) {
    const day = addDays(today, ahead);
    if (!runsOn(schedule, day)) continue;
    const at = localToInstant(day, schedule.at, schedule.timeZone);
    if (at.getTime() > now.getTime()) return at;
  }
  throw new RangeError('no slot within 8 days');
}

/** The latest multiple of `minutes` (counted from the epoch, UTC) at or before now. */
export function latestEvery(minutes: number, now: Date): Date {
  const step = minutes * MINUTE_MS;
  return new Date(Math.floor(now.getTime() / step) * step);
}

/**
 * How a job's slot came to run. `scheduled`: the slot the scheduler (or `--at`) names.
 * `manual`: a person asked to run it now; a job whose work depends on the slot (digests: only
 * the due ones) does it all.
 */
export type JobMode = 'scheduled' | 'manual';
