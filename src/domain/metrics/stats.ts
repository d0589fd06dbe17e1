/**
 * The p-th quantile (0–1) of the values by linear interpolation between closest ranks, as
 * Postgres's percentile_cont computes it: rank p·(n−1) counted from 0. Null for no values.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p must be in [0, 1], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low]!;
  return lowValue + (sorted[high]! - lowValue) * (rank - low);
}

export const median = (values: readonly number[]): number | null => quantile(values, 0.5);

/** part / whole as a percentage, or null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

/** Rounds for display and JSON: figures are shown to one decimal at most. */
export function round1(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

export const HOUR_MS = 3_600_000;

/** Whole and fractional hours from `from` to `to`. */
export function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / HOUR_MS;
}
