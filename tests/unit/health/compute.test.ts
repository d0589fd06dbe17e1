import { describe, expect, it } from 'vitest';
import {
  bandFor,
  computeHealth,
  type HealthInputs,
  isOnboarding,
  noHealthData,
  DEFAULT_HEALTH_SETTINGS as S,
} from '../../../src/domain/health';

const empty: HealthInputs = noHealthData('2024-11-20', null, false);

const healthy: HealthInputs = {
  ...empty,
  contractStart: '2023-01-01',
  seats: 100,
  activeUsers30: 60,
  activeUsersPrev30: 58,
  logins30: 2000,
  loginsPrev30: 1900,
  lastLoginDate: '2024-11-20',
  featuresUsed30: 10,
  featuresTotal: 10,
  hasTicketData: true,
  npsAnswers: [{ score: 10, respondent: 'a@b.c', answeredOn: '2024-10-01' }],
  csatAverage: 5,
};

describe('bandFor', () => {
  it('uses green >= 70, yellow >= 40, else red', () => {
    expect(bandFor(100)).toBe('green');
    expect(bandFor(70)).toBe('green');
    expect(bandFor(69)).toBe('yellow');
    expect(bandFor(40)).toBe('yellow');
    expect(bandFor(39)).toBe('red');
    expect(bandFor(0)).toBe('red');
    expect(bandFor(65, { ...S, bands: { green: 60, yellow: 30 } })).toBe('green');
  });
});

describe('computeHealth', () => {
  it('has no score, not 0, when there is no data at all', () => {
    const r = computeHealth(empty);
    expect(r.score).toBeNull();
    expect(r.band).toBeNull();
    expect(r.drivers).toEqual([]);
    expect(r.measures.map((m) => m.key)).toEqual([
      'usage',
      'recency',
      'adoption',
      'support',
      'sentiment',
    ]);
    expect(r.measures.every((m) => m.score === null && m.effectiveWeight === 0)).toBe(true);
  });

  it('scores a healthy account 100, green, with no drivers', () => {
    const r = computeHealth(healthy);
    expect(r).toMatchObject({ score: 100, band: 'green', drivers: [], onboarding: false });
    expect(r.measures.map((m) => m.effectiveWeight)).toEqual([30, 15, 20, 15, 20]);
  });

  it('renormalises weights over measures with data', () => {
    const r = computeHealth({
      ...empty,
      featuresUsed30: 5,
      featuresTotal: 10,
      hasTicketData: true,
    });
    const by = Object.fromEntries(r.measures.map((m) => [m.key, m]));
    expect(by.adoption?.effectiveWeight).toBeCloseTo((20 / 35) * 100);
    expect(by.support?.effectiveWeight).toBeCloseTo((15 / 35) * 100);
    expect(by.usage?.effectiveWeight).toBe(0);
    // 50 × 20/35 + 100 × 15/35 = 71.4
    expect(r.score).toBe(71);
    expect(r.band).toBe('green');
    expect(r.drivers).toEqual([
      { measure: 'adoption', text: 'uses 5 of 10 core features', pointsLost: 28.6 },
    ]);
  });

  it('scores as the weighted sum and lists up to 3 drivers, most costly first', () => {
    const r = computeHealth({
      ...healthy,
      logins30: 1000,
      loginsPrev30: 2000, // usage 50: loses 15
      lastLoginDate: '2024-11-04', // recency 0: loses 15
      featuresUsed30: 3, // adoption 30: loses 14
      openTickets: [{ priority: 'low', openedOn: '2024-11-19' }], // support 97: loses 0.45
    });
    expect(r.score).toBe(Math.round(50 * 0.3 + 0 + 30 * 0.2 + 97 * 0.15 + 100 * 0.2));
    expect(r.band).toBe('yellow');
    expect(r.drivers).toEqual([
      { measure: 'usage', text: 'logins fell 50% in 30 days', pointsLost: 15 },
      { measure: 'recency', text: 'no login for 16 days', pointsLost: 15 },
      { measure: 'adoption', text: 'uses 3 of 10 core features', pointsLost: 14 },
    ]);
  });

  it('treats a measure with weight 0 as switched off', () => {
    const weights = { usage: 0, recency: 0, adoption: 1, support: 0, sentiment: 0 };
    const r = computeHealth({ ...healthy, featuresUsed30: 4 }, { ...S, weights });
    expect(r.score).toBe(40);
    expect(r.measures.find((m) => m.key === 'usage')?.score).toBe(100);
    const none = computeHealth({ ...healthy, featuresTotal: null }, { ...S, weights });
    expect(none.score).toBeNull();
  });

  it('flags onboarding in the first 90 days', () => {
    expect(computeHealth({ ...healthy, contractStart: '2024-09-01' }).onboarding).toBe(true);
    expect(isOnboarding('2024-11-20', '2024-11-20')).toBe(true);
    expect(isOnboarding('2024-08-23', '2024-11-20')).toBe(true); // day 89
    expect(isOnboarding('2024-08-22', '2024-11-20')).toBe(false); // day 90
    expect(isOnboarding('2024-12-01', '2024-11-20')).toBe(false);
    expect(isOnboarding(null, '2024-11-20')).toBe(false);
  });
});

describe('an account with no data', () => {
  it('has no score, even where other accounts have tickets (no open tickets alone is not 100)', () => {
    const r = computeHealth({ ...empty, hasTicketData: true });
    expect(r.score).toBeNull();
    expect(r.band).toBeNull();
    expect(r.measures.find((m) => m.key === 'support')?.score).toBeNull();
  });

  it('counts "no open tickets" once the account has other data', () => {
    const r = computeHealth({ ...empty, hasTicketData: true, lastLoginDate: '2024-11-19' });
    expect(r.measures.find((m) => m.key === 'support')).toMatchObject({
      score: 100,
      detail: 'no open tickets',
    });
    expect(r.score).toBe(100);
  });

  it('scores an open ticket on its own', () => {
    const r = computeHealth({
      ...empty,
      hasTicketData: true,
      openTickets: [{ priority: 'high', openedOn: '2024-11-18' }],
    });
    expect(r.score).toBe(88);
  });
});
