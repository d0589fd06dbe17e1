import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates';
import {
  computeHealth,
  type HealthInputs,
  type HealthSettings,
  MEASURE_KEYS,
  DEFAULT_HEALTH_SETTINGS as S,
} from '../../../src/domain/health';

const asOf = '2024-11-20';
const day = (maxAgo: number) => fc.integer({ min: 0, max: maxAgo }).map((n) => addDays(asOf, -n));
const count = (max: number) => fc.option(fc.integer({ min: 0, max }), { nil: null });
const priority = fc.constantFrom(
  'low' as const,
  'normal' as const,
  'high' as const,
  'urgent' as const,
);
const ticket = fc.record({ priority, openedOn: day(60) });
const npsAnswer = fc.record({
  score: fc.integer({ min: 0, max: 10 }),
  respondent: fc.option(fc.emailAddress(), { nil: null }),
  answeredOn: day(200),
});

const inputsArb: fc.Arbitrary<HealthInputs> = fc.record({
  asOf: fc.constant(asOf),
  contractStart: fc.option(day(400), { nil: null }),
  seats: count(200),
  activeUsers30: fc.option(fc.double({ min: 0, max: 250, noNaN: true }), { nil: null }),
  activeUsersPrev30: fc.option(fc.double({ min: 0, max: 250, noNaN: true }), { nil: null }),
  logins30: count(5000),
  loginsPrev30: count(5000),
  lastLoginDate: fc.option(day(40), { nil: null }),
  featuresUsed30: count(20),
  featuresTotal: count(20),
  openTickets: fc.array(ticket, { maxLength: 8 }),
  hasTicketData: fc.boolean(),
  npsAnswers: fc.array(npsAnswer, { maxLength: 6 }),
  csatAverage: fc.option(fc.double({ min: 1, max: 5, noNaN: true }), { nil: null }),
});

const weightsArb = fc
  .record({
    usage: fc.integer({ min: 0, max: 100 }),
    recency: fc.integer({ min: 0, max: 100 }),
    adoption: fc.integer({ min: 0, max: 100 }),
    support: fc.integer({ min: 0, max: 100 }),
    sentiment: fc.integer({ min: 0, max: 100 }),
  })
  .filter((w) => Object.values(w).some((v) => v > 0));
const settingsArb: fc.Arbitrary<HealthSettings> = fc.oneof(
  fc.constant(S),
  weightsArb.map((weights) => ({ ...S, weights })),
);

/** Score never lower after `better` improves one input. */
function monotonic(better: (i: HealthInputs) => HealthInputs | null): void {
  fc.assert(
    fc.property(inputsArb, settingsArb, (inputs, settings) => {
      const improved = better(inputs);
      if (improved === null) return;
      const before = computeHealth(inputs, settings).score;
      const after = computeHealth(improved, settings).score;
      if (before === null) return;
      expect(after).not.toBeNull();
      expect(after ?? -1).toBeGreaterThanOrEqual(before);
    }),
    { numRuns: 300 },
  );
}

describe('computeHealth properties', () => {
  it('score is an integer 0–100, or null exactly when no weighted measure has data', () => {
    fc.assert(
      fc.property(inputsArb, settingsArb, (inputs, settings) => {
        const r = computeHealth(inputs, settings);
        const counted = r.measures.filter((m) => m.score !== null && m.weight > 0);
        if (counted.length === 0) {
          expect(r.score).toBeNull();
          expect(r.band).toBeNull();
        } else {
          expect(Number.isInteger(r.score)).toBe(true);
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(100);
          expect(r.band).not.toBeNull();
        }
        expect(r.measures.map((m) => m.key)).toEqual(MEASURE_KEYS);
        for (const m of r.measures) {
          if (m.score !== null)
            expect(Number.isInteger(m.score) && m.score >= 0 && m.score <= 100).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('with default weights, null iff no measure has data', () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const r = computeHealth(inputs);
        expect(r.score === null).toBe(r.measures.every((m) => m.score === null));
      }),
    );
  });

  it('effective weights of measures with data sum to 100', () => {
    fc.assert(
      fc.property(inputsArb, settingsArb, (inputs, settings) => {
        const r = computeHealth(inputs, settings);
        if (r.score === null) return;
        const sum = r.measures.reduce((s, m) => s + m.effectiveWeight, 0);
        expect(sum).toBeCloseTo(100, 9);
      }),
    );
  });

  it('drivers are at most 3, losing > 0, sorted by points lost', () => {
    fc.assert(
      fc.property(inputsArb, settingsArb, (inputs, settings) => {
        const { drivers } = computeHealth(inputs, settings);
        expect(drivers.length).toBeLessThanOrEqual(3);
        for (const [i, d] of drivers.entries()) {
          expect(d.pointsLost).toBeGreaterThan(0);
          expect(d.text.length).toBeGreaterThan(0);
          if (i > 0) expect(drivers[i - 1]?.pointsLost).toBeGreaterThanOrEqual(d.pointsLost);
        }
      }),
    );
  });

  it('more active users never lowers the score', () =>
    monotonic((i) =>
      i.activeUsers30 === null
        ? null
        : { ...i, activeUsers30: i.activeUsers30 + 1 + i.activeUsers30 / 3 },
    ));

  it('more logins never lowers the score', () =>
    monotonic((i) => (i.logins30 === null ? null : { ...i, logins30: i.logins30 + 50 })));

  it('a more recent login never lowers the score', () =>
    monotonic((i) =>
      i.lastLoginDate === null || i.lastLoginDate >= asOf
        ? null
        : { ...i, lastLoginDate: addDays(i.lastLoginDate, 1) },
    ));

  it('more features used never lowers the score', () =>
    monotonic((i) =>
      i.featuresUsed30 === null ? null : { ...i, featuresUsed30: i.featuresUsed30 + 1 },
    ));

  it('one ticket fewer never lowers the score', () =>
    monotonic((i) =>
      i.openTickets.length === 0 ? null : { ...i, openTickets: i.openTickets.slice(1) },
    ));

  it('a higher NPS answer never lowers the score', () =>
    monotonic((i) => {
      const idx = i.npsAnswers.findIndex((a) => a.score < 10);
      if (idx < 0) return null;
      const npsAnswers = i.npsAnswers.map((a, j) => (j === idx ? { ...a, score: a.score + 1 } : a));
      return { ...i, npsAnswers };
    }));

  it('a higher CSAT never lowers the score', () =>
    monotonic((i) =>
      i.csatAverage === null ? null : { ...i, csatAverage: Math.min(5, i.csatAverage + 0.5) },
    ));
});
