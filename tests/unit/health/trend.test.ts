import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates';
import { computeTrend, type SnapshotPoint, sparkChar } from '../../../src/domain/health';

const today = '2024-11-20';
const daily = (n: number, score: (i: number) => number | null): SnapshotPoint[] =>
  Array.from({ length: n }, (_, i) => ({ day: addDays(today, -(i + 1)), score: score(i + 1) }));

describe('computeTrend', () => {
  it('computes 7- and 30-day deltas from daily snapshots', () => {
    const history = daily(100, (ago) => 80 - ago / 2); // 0.5 a day rise to today's 80
    const t = computeTrend(today, 80, history);
    expect(t.delta7).toBe(3.5);
    expect(t.delta30).toBe(15);
  });

  it('falls back up to 3 days for a missed snapshot, then gives up', () => {
    const gap = (from: number, to: number) =>
      daily(40, () => 50).filter((_, i) => i + 1 < from || i + 1 > to);
    expect(computeTrend(today, 60, gap(5, 9)).delta7).toBe(10);
    expect(computeTrend(today, 60, gap(5, 11)).delta7).toBeNull();
    expect(
      computeTrend(
        today,
        null,
        daily(40, () => 50),
      ).delta30,
    ).toBeNull();
  });

  it('gives 12 weekly points ending today and a matching sparkline', () => {
    const history = daily(84, (ago) => (ago > 28 && ago <= 42 ? null : 100 - ago));
    const t = computeTrend(today, 100, history);
    expect(t.weekly).toHaveLength(12);
    expect(t.weekly[11]).toBe(100);
    expect(t.weekly[10]).toBe(93);
    expect(t.weekly[0]).toBe(100 - 77);
    expect(t.weekly[6]).toBeNull(); // 35 days ago: whole week without a score
    expect(t.sparkline).toHaveLength(12);
    expect(t.sparkline[6]).toBe('·');
    expect(t.sparkline[11]).toBe('█');
  });

  it('is all dots without history', () => {
    expect(computeTrend(today, null, []).sparkline).toBe('············');
  });

  it('maps scores to blocks on an absolute scale', () => {
    expect([0, 12, 13, 50, 87, 88, 100].map(sparkChar).join('')).toBe('▁▁▂▅▇██');
  });

  it('deltas equal today minus the exact-day snapshot on random daily histories', () => {
    const score = fc.option(fc.integer({ min: 0, max: 100 }), { nil: null });
    fc.assert(
      fc.property(fc.array(score, { minLength: 31, maxLength: 90 }), score, (scores, now) => {
        const history = scores.map((s, i) => ({ day: addDays(today, -(i + 1)), score: s }));
        // The order history arrives in must not matter.
        const t = computeTrend(today, now, [...history].reverse());
        const lookup = (ago: number): number | null => {
          for (let d = ago; d <= ago + 3; d++) {
            const s = scores[d - 1];
            if (s !== null && s !== undefined) return s;
          }
          return null;
        };
        const want = (ago: number) => {
          const past = lookup(ago);
          return now === null || past === null ? null : now - past;
        };
        expect(t.delta7).toBe(want(7));
        expect(t.delta30).toBe(want(30));
        expect(t.weekly[11]).toBe(now);
      }),
    );
  });
});
