import { describe, expect, it } from 'vitest';
import { alertSummary } from '../../../src/cards/alert-summary';
import {
  bandDrop,
  DEFAULT_RULE_SETTINGS as D,
  detractor,
  type Finding,
  inactivity,
  onboardingStall,
  premiumAdopted,
  type RuleFacts,
  renewalAtRisk,
  SUMMARY_CODES,
  scoreDrop,
  seatsHigh,
  touchOverdue,
  urgentTicket,
  usageDecline,
  usersGrowth,
} from '../../../src/domain/rules';

const base: RuleFacts = {
  accountId: 1,
  today: '2026-11-23',
  score: 80,
  band: 'green',
  previousBand: 'green',
  recentHighScore: 82,
  lastLoginDate: '2026-11-22',
  hasUsage: true,
  activeUsers30: 40,
  activeUsersPrev30: 42,
  activation: 0.6,
  contractStart: '2024-01-01',
  renewalDate: '2027-06-01',
  npsAnswers: [],
  urgentTickets: [],
};
const at = (facts: Partial<RuleFacts>): RuleFacts => ({ ...base, ...facts });

/** Every wording of every rule, with singulars, zero and numbers past 999. */
function findings(respondent: string, feature: string): Finding[] {
  const all = [
    bandDrop(at({ band: 'yellow', previousBand: 'green' }), D.band_drop),
    bandDrop(at({ band: 'red', previousBand: 'yellow' }), D.band_drop),
    scoreDrop(at({ score: 60, recentHighScore: 80 }), D.score_drop),
    scoreDrop(at({ score: 0, recentHighScore: 1 }), { ...D.score_drop, points: 1, days: 1 }),
    inactivity(at({ lastLoginDate: '2026-10-01' }), D.inactivity),
    inactivity(at({ lastLoginDate: '2022-01-05' }), D.inactivity),
    inactivity(at({ lastLoginDate: null }), D.inactivity),
    usageDecline(at({ activeUsers30: 10, activeUsersPrev30: 40 }), D.usage_decline),
    detractor(
      at({ npsAnswers: [{ id: 8, score: 2, respondent, answeredOn: '2026-11-21' }] }),
      D.detractor,
    ),
    detractor(
      at({ npsAnswers: [{ id: 9, score: 5, respondent: null, answeredOn: '2026-11-20' }] }),
      D.detractor,
    ),
    urgentTicket(at({ urgentTickets: [{ id: 3, openedOn: '2026-11-10' }] }), D.urgent_ticket),
    urgentTicket(at({ urgentTickets: [{ id: 3, openedOn: '2026-11-21' }] }), {
      ...D.urgent_ticket,
      days: 1,
    }),
    urgentTicket(
      at({
        urgentTickets: [
          { id: 3, openedOn: '2023-11-10' },
          { id: 4, openedOn: '2026-11-01' },
        ],
      }),
      D.urgent_ticket,
    ),
    renewalAtRisk(at({ band: 'yellow', renewalDate: '2027-01-07' }), D.renewal_at_risk),
    renewalAtRisk(at({ band: 'red', renewalDate: '2026-11-24' }), D.renewal_at_risk),
    renewalAtRisk(at({ band: 'yellow', renewalDate: '2026-11-23' }), D.renewal_at_risk),
    onboardingStall(at({ contractStart: '2026-10-01', activation: 0.1 }), D.onboarding_stall),
    touchOverdue(
      at({ checkIn: { cadenceDays: 30, lastTouchOn: '2026-09-30', overdueDays: 24 } }),
      D.touch_overdue,
    ),
    touchOverdue(
      at({ checkIn: { cadenceDays: 1, lastTouchOn: null, overdueDays: 3 } }),
      D.touch_overdue,
    ),
    seatsHigh(at({ seatUse: { minUse: 0.85, days: 14, seats: 1200 } }), D.seats_high),
    premiumAdopted(
      at({ premiumFirstUse: [{ feature, firstDay: '2026-11-20' }] }),
      D.premium_adopted,
    ),
    usersGrowth(at({ activeUsers30: 150, activeUsersPrev30: 10 }), D.users_growth),
  ];
  return all.filter((f): f is Finding => f !== null);
}

describe('alert summaries worded from code and values', () => {
  const en = findings('jane@acme.com', 'SSO');

  it('covers every summary code', () => {
    expect(new Set(en.map((f) => f.args.key))).toEqual(new Set(SUMMARY_CODES));
  });

  it('in English, byte for byte the stored summary (also after a trip through jsonb)', () => {
    for (const f of en) {
      const stored = JSON.parse(JSON.stringify(f.args));
      expect(alertSummary('en', 'stored', stored), f.args.key).toBe(f.summary);
    }
    expect(en.map((f) => f.summary)).toContain('no login for 1783 days (last on 2022-01-05)');
    expect(en.map((f) => f.summary)).toContain('active users up 1400% vs the previous 30 days');
  });

  it('in Chinese, without English words', () => {
    // A respondent and a feature are the customer's own words; here they are Chinese.
    for (const f of findings('李雷', '单点登录')) {
      const zh = alertSummary('zh-CN', f.summary, f.args);
      // NPS is the name of the survey, in Chinese too.
      expect(zh.replaceAll('NPS', ''), `${f.args.key}: ${zh}`).not.toMatch(/[A-Za-z]{2,}/);
      expect(zh).toMatch(/\p{Script=Han}/u);
    }
    const renewal = en.find((f) => f.args.key === 'renewalAtRisk' && f.args.days === 0);
    expect(alertSummary('zh-CN', '', renewal?.args)).toBe('今天续约，健康等级为黄色');
    const usage = en.find((f) => f.args.key === 'usageDown');
    expect(alertSummary('zh-CN', '', usage?.args)).toBe('活跃用户比前 30 天减少 75%');
  });

  it('an old row without args, or with a code unknown here, keeps its English summary', () => {
    expect(alertSummary('zh-CN', 'active users down 38% vs the previous 30 days', null)).toBe(
      'active users down 38% vs the previous 30 days',
    );
    expect(alertSummary('zh-CN', 'from a newer Tend', { key: 'notYetKnown', n: 1 })).toBe(
      'from a newer Tend',
    );
    // A row whose values do not fit its message falls back too, never a broken sentence.
    expect(alertSummary('zh-CN', 'usage down', { key: 'usageDown' })).toBe('usage down');
  });
});
