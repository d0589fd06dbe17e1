import { describe, expect, it } from 'vitest';
import {
  alertFigures,
  bandFigures,
  followUpFigures,
  loopFigures,
  periodsOf,
  quantile,
  renewalFigures,
  retentionFigures,
  surveyFigures,
} from '../../../src/domain/metrics';

const t = (iso: string) => new Date(`2026-${iso}Z`);

describe('quantile (percentile_cont)', () => {
  it('interpolates between closest ranks', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 0.9)).toBeCloseTo(3.7, 10);
    expect(quantile([10], 0.9)).toBe(10);
    expect(quantile([], 0.5)).toBeNull();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });
});

describe('periods', () => {
  it('7d and 30d end today, the previous one just before', () => {
    expect(periodsOf('7d', '2026-11-23')).toEqual({
      name: '7d',
      current: { from: '2026-11-17', to: '2026-11-23' },
      previous: { from: '2026-11-10', to: '2026-11-16' },
    });
    expect(periodsOf('30d', '2026-11-23').previous).toEqual({
      from: '2026-09-25',
      to: '2026-10-24',
    });
  });
  it('a quarter to date against as many days of the previous quarter', () => {
    expect(periodsOf('quarter', '2026-11-23')).toMatchObject({
      current: { from: '2026-10-01', to: '2026-11-23' },
      previous: { from: '2026-07-01', to: '2026-08-23' },
    });
    expect(periodsOf('quarter', '2026-01-15').previous).toEqual({
      from: '2025-10-01',
      to: '2025-10-15',
    });
    // Day 92 of Q3 has no counterpart in 91-day Q2: the previous period stops at 30 Jun.
    expect(periodsOf('quarter', '2026-09-30').previous).toEqual({
      from: '2026-04-01',
      to: '2026-06-30',
    });
  });
});

describe('alert figures', () => {
  const from = t('11-01T00:00:00');
  const to = t('11-08T00:00:00');
  const alerts = [
    // 2 h to ack, 1 h to first touch, resolved in the period
    {
      firedAt: t('11-01T00:00:00'),
      acknowledgedAt: t('11-01T02:00:00'),
      firstTouchAt: t('11-01T01:00:00'),
      resolvedAt: t('11-03T00:00:00'),
    },
    // resolved without an ack after 6 h: counts as acknowledged then
    {
      firedAt: t('11-02T00:00:00'),
      acknowledgedAt: null,
      firstTouchAt: t('11-02T06:00:00'),
      resolvedAt: t('11-02T06:00:00'),
    },
    {
      firedAt: t('11-03T00:00:00'),
      acknowledgedAt: t('11-04T00:00:00'),
      firstTouchAt: t('11-03T00:30:00'),
      resolvedAt: null,
    },
    // never touched
    { firedAt: t('11-05T00:00:00'), acknowledgedAt: null, firstTouchAt: null, resolvedAt: null },
    // fired before, acknowledged in the period, resolved after it
    {
      firedAt: t('10-30T00:00:00'),
      acknowledgedAt: t('11-01T12:00:00'),
      firstTouchAt: t('11-01T12:00:00'),
      resolvedAt: t('11-09T00:00:00'),
    },
    // fired in the period, acknowledged 8 h later, after its end
    {
      firedAt: t('11-07T20:00:00'),
      acknowledgedAt: t('11-08T04:00:00'),
      firstTouchAt: t('11-08T04:00:00'),
      resolvedAt: null,
    },
  ];
  it('counts and hand-checked times', () => {
    // ack hours of the 5 fired in the period: 2, 6, 24, 8 (one never) → 2 6 8 24
    expect(alertFigures(alerts, from, to)).toEqual({
      opened: 5,
      acknowledged: 4,
      resolved: 2,
      ackMedianHours: 7,
      ackP90Hours: expect.closeTo(19.2, 10),
      // first touch: 1, 6, 0.5, 8 → median of 0.5 1 6 8
      firstTouchMedianHours: 3.5,
      unacknowledged: 1,
    });
  });
  it('no alerts: zero counts and no times', () => {
    expect(alertFigures([], from, to)).toMatchObject({
      opened: 0,
      ackMedianHours: null,
      ackP90Hours: null,
    });
  });
});

describe('loops closed on time', () => {
  it('counts loops whose clock ran out in the period and before now', () => {
    const loops = [
      { dueAt: t('11-02T00:00:00'), closedAt: t('11-01T00:00:00') }, // on time
      { dueAt: t('11-03T00:00:00'), closedAt: t('11-04T00:00:00') }, // late
      { dueAt: t('11-04T00:00:00'), closedAt: null }, // still open, late
      { dueAt: t('11-07T00:00:00'), closedAt: null }, // clock still running
      { dueAt: t('10-30T00:00:00'), closedAt: null }, // previous period
      { dueAt: t('11-05T00:00:00'), closedAt: t('11-05T00:00:00') }, // at the clock: on time
    ];
    expect(
      loopFigures(loops, t('11-01T00:00:00'), t('11-08T00:00:00'), t('11-06T12:00:00')),
    ).toEqual({ due: 4, closedOnTime: 2, onTimeRate: 50 });
    expect(loopFigures([], t('11-01T00:00:00'), t('11-08T00:00:00'), t('11-06T12:00:00'))).toEqual({
      due: 0,
      closedOnTime: 0,
      onTimeRate: null,
    });
  });
});

describe('follow-ups done vs overdue', () => {
  it('done in the period; overdue when due on a past day of it and not done by then', () => {
    const rows = [
      { dueOn: '2026-11-02', doneOn: '2026-11-02' }, // done on time
      { dueOn: '2026-11-03', doneOn: '2026-11-05' }, // done late: done and overdue
      { dueOn: '2026-11-04', doneOn: null }, // open, overdue
      { dueOn: '2026-11-07', doneOn: null }, // due today: not overdue yet
      { dueOn: '2026-10-25', doneOn: '2026-11-01' }, // due before, done in the period
      { dueOn: null, doneOn: null },
      { dueOn: '2026-11-06', doneOn: '2026-11-08' }, // overdue, done after the period
    ];
    expect(followUpFigures(rows, { from: '2026-11-01', to: '2026-11-07' }, '2026-11-07')).toEqual({
      done: 3,
      overdue: 3,
    });
  });
});

describe('renewals won, lost, open', () => {
  it('counts and ARR by outcome; no ARR counts as 0', () => {
    expect(
      renewalFigures([
        { outcome: 'renewed', arr: 100 },
        { outcome: 'renewed', arr: null },
        { outcome: 'churned', arr: 50 },
        { outcome: null, arr: 70 },
        { outcome: null, arr: 30 },
      ]),
    ).toEqual({
      won: { count: 2, arr: 100 },
      lost: { count: 1, arr: 50 },
      open: { count: 2, arr: 100 },
    });
  });
});

describe('GRR, NRR and logo churn', () => {
  it('downgrade, expansion and a mid-period churn together', () => {
    const r = retentionFigures([
      { startArr: 100, endArr: 100, churned: false }, // steady
      { startArr: 200, endArr: 150, churned: false }, // downgrade −50
      { startArr: 100, endArr: 160, churned: false }, // expansion +60
      { startArr: 300, endArr: 300, churned: true }, // churned mid-period: ends at 0
      { startArr: null, endArr: 80, churned: false }, // no ARR at the start: logos only
    ]);
    // start 700; kept 100+150+100+0 = 350; end 100+150+160+0 = 410
    expect(r).toMatchObject({ cohort: 5, churned: 1, logoChurnRate: 20, startArr: 700, grr: 50 });
    expect(r.nrr).toBeCloseTo((410 / 700) * 100, 10);
  });
  it('expansion alone: GRR stays at 100, NRR goes above', () => {
    const r = retentionFigures([
      { startArr: 100, endArr: 160, churned: false },
      { startArr: 100, endArr: 100, churned: false },
    ]);
    expect(r).toMatchObject({ grr: 100, nrr: 130, logoChurnRate: 0 });
  });
  it('downgrade alone lowers both the same', () => {
    expect(retentionFigures([{ startArr: 400, endArr: 300, churned: false }])).toMatchObject({
      grr: 75,
      nrr: 75,
    });
  });
  it('a churned account without ARR counts for logo churn only; empty cohort has no rates', () => {
    expect(
      retentionFigures([
        { startArr: null, endArr: null, churned: true },
        { startArr: 50, endArr: 50, churned: false },
      ]),
    ).toMatchObject({ logoChurnRate: 50, grr: 100, nrr: 100 });
    expect(retentionFigures([])).toMatchObject({
      cohort: 0,
      grr: null,
      nrr: null,
      logoChurnRate: null,
    });
  });
});

describe('NPS and CSAT', () => {
  it('NPS = % promoters − % detractors; CSAT = % 4–5', () => {
    const nps = (scores: number[]) => scores.map((score) => ({ kind: 'nps' as const, score }));
    expect(surveyFigures(nps([10, 9, 8, 7, 6, 0]))).toMatchObject({
      nps: 0,
      npsAnswers: 6,
      detractors: 2,
    });
    expect(surveyFigures(nps([10, 10, 9, 3])).nps).toBe(50);
    const csat = [5, 4, 3, 1].map((score) => ({ kind: 'csat' as const, score }));
    expect(surveyFigures(csat)).toMatchObject({ csat: 50, csatAnswers: 4, nps: null });
  });
});

describe('bands and their move', () => {
  it('counts then and now, moves up and down', () => {
    expect(
      bandFigures([
        { start: 'red', end: 'yellow' },
        { start: 'yellow', end: 'red' },
        { start: 'green', end: 'green' },
        { start: null, end: 'green' },
        { start: 'red', end: 'green' },
      ]),
    ).toEqual({
      end: { green: 3, yellow: 1, red: 1, none: 0 },
      start: { green: 1, yellow: 1, red: 2, none: 1 },
      up: 2,
      down: 1,
    });
  });
});
