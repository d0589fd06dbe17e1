// /stats's whole-team alert times come from a daily rollup (migration T0430, alert_days): per
// UTC day, how many alerts fall in each bucket of time to acknowledge or to first touch. The
// buckets say where the median and the 90th percentile lie; the exact values are then read
// from the few alerts in that bucket (store/metrics-alert-rollup.ts). These pure parts say
// which days the rollup answers for and which ranks to read.

const DAY_MS = 86_400_000;

/** An instant range [from, to). */
export interface InstantRange {
  from: Date;
  to: Date;
}

/**
 * Splits [from, to) into the whole UTC days inside it (first day, and the day after the last)
 * and the hours at either end that no whole day covers. A period runs between midnights in
 * the team's time zone; the rollup is by UTC day so that a change of time zone changes
 * nothing stored.
 */
export function wholeUtcDays(
  from: Date,
  to: Date,
): { days: { from: string; until: string } | null; ends: InstantRange[] } {
  const first = Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const after = Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  if (first >= after) return { days: null, ends: from < to ? [{ from, to }] : [] };
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const ends = [
    { from, to: new Date(first) },
    { from: new Date(after), to },
  ].filter((r) => r.from < r.to);
  return { days: { from: day(first), until: day(after) }, ends };
}

/**
 * The ranks (0-based, in ascending order) percentile_cont(p) reads among n values, and the
 * fraction between them, computed as Postgres computes them (float8).
 */
export function quantileRanks(n: number, p: number): { low: number; high: number; frac: number } {
  const rank = p * (n - 1);
  const low = Math.floor(rank);
  return { low, high: Math.ceil(rank), frac: rank - low };
}

/** The value at p from the values at its two ranks: Postgres's float8 interpolation. */
export function interpolate(low: number, high: number, frac: number): number {
  return frac === 0 ? low : low + (high - low) * frac;
}

export interface BucketCount {
  bucket: number;
  n: number;
}

/**
 * Which bucket holds the value of the given rank, and its rank within the bucket, given the
 * counts per bucket (buckets ascend with the value they hold).
 */
export function locateRank(
  counts: readonly BucketCount[],
  rank: number,
): { bucket: number; offset: number } {
  const sorted = [...counts].sort((a, b) => a.bucket - b.bucket);
  let before = 0;
  for (const c of sorted) {
    if (rank < before + c.n) return { bucket: c.bucket, offset: rank - before };
    before += c.n;
  }
  throw new RangeError(`rank ${rank} is past the ${before} values counted`);
}
