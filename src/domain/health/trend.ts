import { addDays } from '../dates';

export interface SnapshotPoint {
  day: string;
  score: number | null;
}

export interface Trend {
  delta7: number | null;
  delta30: number | null;
  /** 12 values, oldest first: the score at the end of each of the last 12 weeks (last = today). */
  weekly: (number | null)[];
  /** One character per weekly value; '·' where there is no score. */
  sparkline: string;
}

export const TREND_WEEKS = 12;
/** A missed snapshot day or two (downtime) should not blank a delta. */
export const DELTA_LOOKBACK_DAYS = 3;
const BLOCKS = '▁▂▃▄▅▆▇█';
const NO_SCORE = '·';

/**
 * The latest non-null score on a day in [day − lookback, day], or null. History may be
 * unsorted and may repeat a day (the later entry wins).
 */
export function scoreAt(
  history: SnapshotPoint[],
  day: string,
  lookbackDays: number,
): number | null {
  const from = addDays(day, -lookbackDays);
  let best: SnapshotPoint | null = null;
  for (const p of history) {
    if (p.score === null || p.day < from || p.day > day) continue;
    if (best === null || p.day >= best.day) best = p;
  }
  return best?.score ?? null;
}

/** Absolute scale (not min–max of the series) so sparklines of two accounts compare. */
export function sparkChar(score: number | null): string {
  if (score === null) return NO_SCORE;
  const i = Math.min(BLOCKS.length - 1, Math.max(0, Math.floor((score / 100) * BLOCKS.length)));
  return BLOCKS[i] ?? NO_SCORE;
}

function delta(today: number | null, before: number | null): number | null {
  return today === null || before === null ? null : today - before;
}

export function computeTrend(
  today: string,
  todayScore: number | null,
  history: SnapshotPoint[],
): Trend {
  const past = history.filter((p) => p.day < today);
  const weekly = Array.from({ length: TREND_WEEKS }, (_, i) => {
    const weeksAgo = TREND_WEEKS - 1 - i;
    if (weeksAgo === 0) return todayScore;
    // Any score in that week will do for a sparkline point.
    return scoreAt(past, addDays(today, -7 * weeksAgo), 6);
  });
  return {
    delta7: delta(todayScore, scoreAt(past, addDays(today, -7), DELTA_LOOKBACK_DAYS)),
    delta30: delta(todayScore, scoreAt(past, addDays(today, -30), DELTA_LOOKBACK_DAYS)),
    weekly,
    sparkline: weekly.map(sparkChar).join(''),
  };
}
