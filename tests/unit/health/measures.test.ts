import { describe, expect, it } from 'vitest';
import { scoreAdoption } from '../../../src/domain/health/adoption';
import { DEFAULT_HEALTH_SETTINGS as S } from '../../../src/domain/health/model';
import { scoreRecency } from '../../../src/domain/health/recency';
import { scoreSentiment } from '../../../src/domain/health/sentiment';
import { scoreSupport } from '../../../src/domain/health/support';
import { scoreUsage } from '../../../src/domain/health/usage';

const asOf = '2024-11-20';

describe('usage', () => {
  const flat = { activeUsersPrev30: null, logins30: null, loginsPrev30: null };
  it('gives full marks at or above full utilisation, linear below', () => {
    expect(scoreUsage({ ...flat, seats: 100, activeUsers30: 50 }, S).score).toBe(100);
    expect(scoreUsage({ ...flat, seats: 100, activeUsers30: 90 }, S).score).toBe(100);
    expect(scoreUsage({ ...flat, seats: 100, activeUsers30: 25 }, S).score).toBe(50);
    expect(scoreUsage({ ...flat, seats: 100, activeUsers30: 0 }, S).score).toBe(0);
  });

  it('has no data without usage rows or seats', () => {
    expect(scoreUsage({ ...flat, seats: 100, activeUsers30: null }, S).score).toBeNull();
    expect(scoreUsage({ ...flat, seats: null, activeUsers30: 10 }, S).score).toBeNull();
    expect(scoreUsage({ ...flat, seats: 0, activeUsers30: 10 }, S).score).toBeNull();
  });

  it('a drop of 30% or more costs 50 points, smaller drops proportionally less', () => {
    const base = { seats: 100, activeUsers30: 60, activeUsersPrev30: 60, loginsPrev30: 1000 };
    expect(scoreUsage({ ...base, logins30: 1000 }, S).score).toBe(100);
    expect(scoreUsage({ ...base, logins30: 700 }, S).score).toBe(50);
    expect(scoreUsage({ ...base, logins30: 100 }, S).score).toBe(50);
    expect(scoreUsage({ ...base, logins30: 850 }, S).score).toBe(75);
    expect(scoreUsage({ ...base, logins30: 1500 }, S).score).toBe(100);
  });

  it('says every fact that costs points, the costlier first', () => {
    const dropped = { seats: 100, activeUsers30: 60, activeUsersPrev30: 60 };
    expect(scoreUsage({ ...dropped, logins30: 580, loginsPrev30: 1000 }, S).detail).toBe(
      'logins fell 42% in 30 days',
    );
    const users = { seats: 100, activeUsers30: 30, activeUsersPrev30: 60 };
    expect(scoreUsage({ ...users, logins30: 900, loginsPrev30: 1000 }, S).detail).toBe(
      'active users fell 50% in 30 days; active users are 30% of seats',
    );
    expect(scoreUsage({ ...flat, seats: 100, activeUsers30: 23 }, S).detail).toBe(
      'active users are 23% of seats',
    );
  });
});

describe('recency', () => {
  const at = (lastLoginDate: string | null, logins30: number | null = 5) =>
    scoreRecency({ asOf, lastLoginDate, logins30 }, S);
  it('is 100 for 0–3 days, 0 from 14 days, linear between', () => {
    expect(at('2024-11-20').score).toBe(100);
    expect(at('2024-11-17').score).toBe(100);
    expect(at('2024-11-06').score).toBe(0);
    expect(at('2024-10-01').score).toBe(0);
    expect(at('2024-11-12').score).toBe(Math.round((100 * 6) / 11));
  });

  it('words the gap', () => {
    expect(at('2024-11-04').detail).toBe('no login for 16 days');
    expect(at('2024-11-20').detail).toBe('last login today');
    expect(at('2024-11-18').detail).toBe('last login 2 days ago');
    expect(at('2024-11-22').detail).toBe('last login today');
  });

  it('never logged in is 0 with usage rows, no data without', () => {
    expect(at(null, 0)).toEqual({ score: 0, detail: 'no login on record' });
    expect(at(null, null).score).toBeNull();
  });
});

describe('adoption', () => {
  it('is linear in used / total', () => {
    expect(scoreAdoption({ featuresUsed30: 3, featuresTotal: 10 })).toEqual({
      score: 30,
      detail: 'uses 3 of 10 core features',
    });
    expect(scoreAdoption({ featuresUsed30: 12, featuresTotal: 10 }).score).toBe(100);
    expect(scoreAdoption({ featuresUsed30: null, featuresTotal: 10 }).score).toBeNull();
    expect(scoreAdoption({ featuresUsed30: 2, featuresTotal: 0 }).score).toBeNull();
  });
});

describe('support', () => {
  const t = (priority: 'low' | 'normal' | 'high' | 'urgent', openedOn = '2024-11-19') => ({
    priority,
    openedOn,
  });
  it('is 100 with no open tickets and no data without ticket data', () => {
    expect(scoreSupport({ asOf, openTickets: [], hasTicketData: true }, S)).toEqual({
      score: 100,
      detail: 'no open tickets',
    });
    expect(scoreSupport({ asOf, openTickets: [], hasTicketData: false }, S).score).toBeNull();
  });

  it('subtracts points per ticket by priority', () => {
    const r = scoreSupport(
      { asOf, openTickets: [t('high'), t('low'), t('low')], hasTicketData: true },
      S,
    );
    expect(r.score).toBe(100 - 12 - 3 - 3);
    expect(r.detail).toBe('3 open tickets (1 high, 2 low)');
  });

  it('urgent tickets open more than 7 days cost double', () => {
    const fresh = t('urgent', '2024-11-13');
    const old = t('urgent', '2024-11-12');
    expect(scoreSupport({ asOf, openTickets: [fresh], hasTicketData: true }, S).score).toBe(80);
    const r = scoreSupport({ asOf, openTickets: [old, old, fresh], hasTicketData: true }, S);
    expect(r.score).toBe(100 - 40 - 40 - 20);
    expect(r.detail).toBe('2 urgent tickets open > 7 days');
  });
});

describe('sentiment', () => {
  const a = (score: number, respondent: string | null = null, answeredOn = '2024-11-02') => ({
    score,
    respondent,
    answeredOn,
  });
  const run = (npsAnswers: ReturnType<typeof a>[], csatAverage: number | null = null) =>
    scoreSentiment({ asOf, npsAnswers, csatAverage }, S);

  it('maps NPS −100..100 to 0..100', () => {
    expect(run([a(10), a(9)]).score).toBe(100);
    expect(run([a(0), a(6)]).score).toBe(0);
    expect(run([a(7), a(8)]).score).toBe(50);
    expect(run([a(10), a(3), a(8), a(9)]).score).toBe(63); // NPS +25
  });

  it('blends CSAT in with csatWeight, or uses whichever exists', () => {
    expect(run([], 5).score).toBe(100);
    expect(run([], 3).score).toBe(50);
    expect(run([a(10)], 1).score).toBe(70);
    expect(run([]).score).toBeNull();
    expect(run([], 2.2).detail).toBe('CSAT 2.2 of 5');
  });

  it('ignores answers older than the window', () => {
    expect(run([a(0, null, '2024-05-01'), a(10)]).score).toBe(100);
    expect(run([a(0, null, '2024-05-01')]).score).toBeNull();
  });

  it('names the latest detractor', () => {
    expect(run([a(3, 'jane@acme.com'), a(10)]).detail).toBe(
      'detractor NPS 3 from jane@acme.com on 2 Nov',
    );
    expect(run([a(2, 'bo@x.io', '2024-10-01'), a(5, null, '2024-11-10')]).detail).toBe(
      '2 detractors, latest NPS 5 on 10 Nov',
    );
    expect(run([a(10), a(8)]).detail).toBe('NPS +50 from 2 answers');
  });

  it('speaks of CSAT when CSAT costs more than NPS', () => {
    expect(run([a(10)], 1.4).detail).toBe('CSAT 1.4 of 5');
  });
});
