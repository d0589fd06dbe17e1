import { describe, expect, it } from 'vitest';
import { quantile } from '../../../src/domain/metrics';
import {
  interpolate,
  locateRank,
  quantileRanks,
  wholeUtcDays,
} from '../../../src/domain/metrics/histogram';

const at = (iso: string) => new Date(iso);

describe('whole UTC days of a period', () => {
  it('is the period itself between UTC midnights', () => {
    expect(wholeUtcDays(at('2026-11-01T00:00:00Z'), at('2026-11-08T00:00:00Z'))).toEqual({
      days: { from: '2026-11-01', until: '2026-11-08' },
      ends: [],
    });
  });

  it('leaves the hours at either end of a period in another zone to the alerts themselves', () => {
    // New York midnights (UTC−5): 05:00 UTC.
    expect(wholeUtcDays(at('2026-11-01T05:00:00Z'), at('2026-11-08T05:00:00Z'))).toEqual({
      days: { from: '2026-11-02', until: '2026-11-08' },
      ends: [
        { from: at('2026-11-01T05:00:00Z'), to: at('2026-11-02T00:00:00Z') },
        { from: at('2026-11-08T00:00:00Z'), to: at('2026-11-08T05:00:00Z') },
      ],
    });
  });

  it('has no whole day inside less than a day', () => {
    expect(wholeUtcDays(at('2026-11-01T18:30:00Z'), at('2026-11-02T18:30:00Z'))).toEqual({
      days: null,
      ends: [{ from: at('2026-11-01T18:30:00Z'), to: at('2026-11-02T18:30:00Z') }],
    });
  });
});

describe('a percentile from counts per bucket and the values of its bucket', () => {
  // A value's bucket: any order-keeping grouping will do (the rollup's is by time).
  const bucketOf = (v: number) => Math.floor(Math.cbrt(v) * 2);

  it('equals percentile_cont over every value', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const n of [1, 2, 3, 10, 97, 1000]) {
      const values = Array.from({ length: n }, () => Math.round(random() * 5000) / 7);
      const sorted = [...values].sort((a, b) => a - b);
      const counts = new Map<number, number>();
      for (const v of values) counts.set(bucketOf(v), (counts.get(bucketOf(v)) ?? 0) + 1);
      const histogram = [...counts].map(([bucket, c]) => ({ bucket, n: c }));
      const inBucket = (b: number) => sorted.filter((v) => bucketOf(v) === b);
      for (const p of [0, 0.5, 0.9, 1]) {
        const { low, high, frac } = quantileRanks(n, p);
        const lo = locateRank(histogram, low);
        const hi = locateRank(histogram, high);
        const value = interpolate(
          inBucket(lo.bucket)[lo.offset] as number,
          inBucket(hi.bucket)[hi.offset] as number,
          frac,
        );
        expect(value, `n ${n} p ${p}`).toBe(quantile(values, p));
      }
    }
  });

  it('refuses a rank past the values counted', () => {
    expect(() => locateRank([{ bucket: 3, n: 2 }], 2)).toThrow(RangeError);
  });
});
