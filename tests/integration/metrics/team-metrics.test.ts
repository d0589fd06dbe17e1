import { beforeAll, expect, it } from 'vitest';
import { teamMetrics } from '../../../src/app/team-metrics';
import { describeEachDatabase } from '../../helpers/database';
import { testContext } from '../../helpers/fixtures';
import { ANN, METRICS_NOW, seedMetricsHistory } from '../../helpers/metrics-fixtures';

// Every number below is worked out by hand from tests/helpers/metrics-fixtures.ts.
describeEachDatabase('team metrics from the store', (get) => {
  beforeAll(async () => {
    await seedMetricsHistory(get().db);
  });
  const ctx = () => testContext(get(), METRICS_NOW);

  it('gathers the team figures for 7d against the 7 days before', async () => {
    const m = await teamMetrics(ctx(), { kind: 'team' }, '7d');
    const cur = m.current;
    expect(cur.days).toEqual({ from: '2026-11-17', to: '2026-11-23' });
    // Fired 18, 20 and 22 Nov; acknowledged after 2 h and (resolved) 6 h; one untouched.
    expect(cur.alerts).toEqual({
      opened: 3,
      acknowledged: 2,
      resolved: 1,
      ackMedianHours: 4,
      ackP90Hours: expect.closeTo(5.6, 10),
      firstTouchMedianHours: 3.5,
      unacknowledged: 1,
    });
    expect(m.previous.alerts).toMatchObject({ opened: 1, ackMedianHours: 4, ackP90Hours: 4 });
    // One loop closed before its clock, one past its clock (23 Nov 09:00) still open.
    expect(cur.loops).toEqual({ due: 2, closedOnTime: 1, onTimeRate: 50 });
    expect(cur.followUps).toEqual({ done: 1, overdue: 2 });
    expect(m.previous.followUps).toEqual({ done: 1, overdue: 0 });
    expect(cur.renewals).toEqual({
      won: { count: 0, arr: 0 },
      lost: { count: 1, arr: 200 },
      open: { count: 1, arr: 80 },
    });
    expect(m.previous.renewals.won).toEqual({ count: 1, arr: 150 });
    // Cohort A (100 → 150), B (200, churned 19 Nov), C (80); D started 18 Nov: not in it.
    expect(cur.retention).toMatchObject({ cohort: 3, churned: 1, startArr: 380 });
    expect(cur.retention.grr).toBeCloseTo((180 / 380) * 100, 8);
    expect(cur.retention.nrr).toBeCloseTo((230 / 380) * 100, 8);
    expect(cur.retention.logoChurnRate).toBeCloseTo(100 / 3, 8);
    // Before: A 100, B 200, C 100 → 80 (downgrade on 12 Nov).
    expect(m.previous.retention).toMatchObject({
      startArr: 400,
      grr: 95,
      nrr: 95,
      logoChurnRate: 0,
    });
    expect(cur.surveys).toMatchObject({ nps: 0, npsAnswers: 2, csat: 50, csatAnswers: 2 });
    expect(m.previous.surveys).toMatchObject({ nps: 100, npsAnswers: 1, csat: null });
    // A yellow → green, C green → yellow, D new and red; B churned: out.
    expect(cur.bands).toEqual({
      end: { green: 1, yellow: 1, red: 1, none: 0 },
      start: { green: 1, yellow: 1, red: 0, none: 1 },
      up: 1,
      down: 1,
    });
    expect(cur.reasons).toEqual({
      churn: [{ reason: 'price', count: 1 }],
      save: [{ reason: 'support', count: 1 }],
    });
    expect(m.previous.reasons).toEqual({ churn: [{ reason: 'competitor', count: 1 }], save: [] });
    expect(m.previous.bands).toMatchObject({
      end: { green: 2, yellow: 1, red: 0, none: 0 },
      up: 1,
      down: 0,
    });
  });

  it("scopes to one person's portfolio", async () => {
    const m = await teamMetrics(ctx(), { kind: 'person', email: ANN.toUpperCase() }, '7d');
    expect(m.current.alerts.opened).toBe(2);
    expect(m.current.loops.due).toBe(0);
    // A 100 → 150, B 200 churned: kept 100 of 300, ended at 150.
    expect(m.current.retention.grr).toBeCloseTo(100 / 3, 8);
    expect(m.current.retention.nrr).toBe(50);
    expect(m.current.retention.logoChurnRate).toBe(50);
  });

  it('compares a quarter to date with as many days of the previous quarter', async () => {
    const m = await teamMetrics(ctx(), { kind: 'team' }, 'quarter');
    expect(m.current.days).toEqual({ from: '2026-10-01', to: '2026-11-23' });
    expect(m.previous.days).toEqual({ from: '2026-07-01', to: '2026-08-23' });
    expect(m.current.alerts.opened).toBe(4);
    expect(m.previous.alerts.opened).toBe(0);
  });
});
