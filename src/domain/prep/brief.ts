import type { Band } from '../health';

// What a meeting brief (`/prep acme`) is made of, as plain data: the store reads it, the rules
// here and in talking-points.ts turn it into the story, and cards/prep-card.ts lays it out.

export interface ScorePoint {
  day: string;
  score: number | null;
  band: Band | null;
}

export interface BandChange {
  day: string;
  from: Band;
  to: Band;
}

export interface HealthStory {
  start: ScorePoint | null;
  now: ScorePoint | null;
  /** now − start, when both have a score. */
  change: number | null;
  bandChanges: BandChange[];
}

const BAND_RANK: Record<Band, number> = { red: 0, yellow: 1, green: 2 };

/** Whether a band change is for the worse (green → yellow, yellow → red, green → red). */
export const isWorse = (c: BandChange): boolean => BAND_RANK[c.to] < BAND_RANK[c.from];

/**
 * The quarter's health in short: the first scored snapshot of the period, the latest one, and
 * every change of band between consecutive snapshots (`points` oldest first, days within the
 * period; `before` is the last snapshot before it, so a change on its first day counts).
 */
export function healthStory(points: readonly ScorePoint[], before: ScorePoint | null): HealthStory {
  const scored = points.filter((p) => p.score !== null);
  const start = scored[0] ?? null;
  const now = scored.at(-1) ?? null;
  const bandChanges: BandChange[] = [];
  let last = before?.band ?? null;
  for (const p of points) {
    if (p.band === null) continue;
    if (last !== null && p.band !== last) bandChanges.push({ day: p.day, from: last, to: p.band });
    last = p.band;
  }
  const change =
    start?.score != null && now?.score != null && start !== now ? now.score - start.score : null;
  return { start, now, change, bandChanges };
}

/** Usage over one period: averages per day with data, and the sum of logins. */
export interface UsagePeriod {
  days: number;
  activeUsers: number | null;
  logins: number | null;
  featuresUsed: number | null;
  featuresTotal: number | null;
}

export interface UsageFigure {
  key: 'active_users' | 'logins' | 'features';
  label: string;
  current: number | null;
  previous: number | null;
  /** Percent change, rounded; null when either side is missing or the previous one is 0. */
  changePct: number | null;
}

export function percentChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return Math.round(((current - previous) / previous) * 100);
}

/** Active users (average per day), logins (total) and core features used (average). */
export function usageFigures(current: UsagePeriod, previous: UsagePeriod): UsageFigure[] {
  const fig = (
    key: UsageFigure['key'],
    label: string,
    pick: (u: UsagePeriod) => number | null,
  ): UsageFigure => ({
    key,
    label,
    current: pick(current),
    previous: pick(previous),
    changePct: percentChange(pick(current), pick(previous)),
  });
  return [
    fig('active_users', 'Active users (daily average)', (u) => u.activeUsers),
    fig('logins', 'Logins', (u) => u.logins),
    fig('features', 'Core features used', (u) => u.featuresUsed),
  ];
}
