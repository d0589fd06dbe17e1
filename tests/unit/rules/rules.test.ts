import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULE_SETTINGS,
  evaluateRules,
  type RuleFacts,
  type RuleName,
} from '../../../src/domain/rules';
import { DEFAULT_SETTINGS, settingsSchema } from '../../../src/settings';

const calm: RuleFacts = {
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
  npsAnswers: [{ id: 1, score: 9, respondent: 'a@x.com', answeredOn: '2026-11-20' }],
  urgentTickets: [],
};

const fired = (facts: Partial<RuleFacts>, settings = DEFAULT_RULE_SETTINGS): RuleName[] =>
  evaluateRules({ ...calm, ...facts }, settings).map((f) => f.rule);

describe('risk rules at their defaults', () => {
  it('stay quiet for a healthy account', () => {
    expect(fired({})).toEqual([]);
  });

  it('band_drop fires when the band worsens, not when it improves', () => {
    expect(fired({ band: 'yellow', score: 60, recentHighScore: 70 })).toEqual(['band_drop']);
    expect(fired({ band: 'green', previousBand: 'yellow' })).toEqual([]);
    expect(fired({ band: 'yellow', previousBand: null, score: 60, recentHighScore: 65 })).toEqual(
      [],
    );
  });

  it('score_drop fires at 15 points within the window, not at 14', () => {
    expect(fired({ score: 68, recentHighScore: 82, band: 'green' })).toEqual([]);
    expect(fired({ score: 71, recentHighScore: 86 })).toEqual(['score_drop']);
    expect(fired({ score: 72, recentHighScore: 86 })).toEqual([]);
  });

  it('inactivity fires at 14 days without a login, and never without usage data', () => {
    expect(fired({ lastLoginDate: '2026-11-09' })).toEqual(['inactivity']);
    expect(fired({ lastLoginDate: '2026-11-10' })).toEqual([]);
    expect(fired({ lastLoginDate: null })).toEqual(['inactivity']);
    expect(fired({ lastLoginDate: null, hasUsage: false })).toEqual([]);
  });

  it('usage_decline fires at a 30% drop', () => {
    expect(fired({ activeUsers30: 28, activeUsersPrev30: 40 })).toEqual(['usage_decline']);
    expect(fired({ activeUsers30: 29, activeUsersPrev30: 40 })).toEqual([]);
    expect(fired({ activeUsers30: 0, activeUsersPrev30: 0 })).toEqual([]);
  });

  it('detractor fires for a new 0–6 answer and keys on the answer', () => {
    const answers = [
      { id: 7, score: 3, respondent: 'jane@acme.com', answeredOn: '2026-11-21' },
      { id: 8, score: 6, respondent: null, answeredOn: '2026-11-22' },
    ];
    const [finding] = evaluateRules({ ...calm, npsAnswers: answers }, DEFAULT_RULE_SETTINGS);
    expect(finding?.rule).toBe('detractor');
    expect(finding?.conditionKey).toBe('answer:8');
    expect(fired({ npsAnswers: [{ ...answers[0], answeredOn: '2026-11-10' } as never] })).toEqual(
      [],
    );
    expect(fired({ npsAnswers: [{ ...answers[0], score: 7 } as never] })).toEqual([]);
  });

  it('urgent_ticket fires when an urgent ticket is open more than 7 days', () => {
    expect(fired({ urgentTickets: [{ id: 1, openedOn: '2026-11-15' }] })).toEqual([
      'urgent_ticket',
    ]);
    expect(fired({ urgentTickets: [{ id: 1, openedOn: '2026-11-16' }] })).toEqual([]);
  });

  it('renewal_at_risk fires within 90 days when not green', () => {
    const yellow = { band: 'yellow' as const, previousBand: 'yellow' as const, score: 60 };
    expect(fired({ ...yellow, recentHighScore: 60, renewalDate: '2027-02-21' })).toEqual([
      'renewal_at_risk',
    ]);
    expect(fired({ ...yellow, recentHighScore: 60, renewalDate: '2027-02-22' })).toEqual([]);
    expect(fired({ renewalDate: '2026-12-01' })).toEqual([]);
    expect(fired({ ...yellow, recentHighScore: 60, renewalDate: '2026-11-01' })).toEqual([]);
  });

  it('says "in 1 day" and "today", never "in 1 days"', () => {
    const yellow = { band: 'yellow' as const, previousBand: 'yellow' as const, score: 60 };
    const summary = (renewalDate: string) =>
      evaluateRules(
        { ...calm, ...yellow, recentHighScore: 60, renewalDate },
        DEFAULT_RULE_SETTINGS,
      ).find((f) => f.rule === 'renewal_at_risk')?.summary;
    expect(summary('2026-11-24')).toBe('renewal in 1 day and health is yellow');
    expect(summary('2026-11-23')).toBe('renewal today and health is yellow');
    expect(summary('2026-11-26')).toBe('renewal in 3 days and health is yellow');
  });

  it('onboarding_stall fires for a young account with low activation', () => {
    expect(fired({ contractStart: '2026-10-01', activation: 0.1 })).toEqual(['onboarding_stall']);
    expect(fired({ contractStart: '2026-10-01', activation: 0.3 })).toEqual([]);
    expect(fired({ contractStart: '2026-11-20', activation: 0 })).toEqual([]);
    expect(fired({ contractStart: '2026-08-01', activation: 0 })).toEqual([]);
  });
});

describe('rule settings', () => {
  it('the settings file defaults are the documented defaults', () => {
    expect(DEFAULT_SETTINGS.rules).toEqual(DEFAULT_RULE_SETTINGS);
  });

  it('parameters and switches come from settings', () => {
    const settings = settingsSchema.parse({
      rules: { inactivity: { days: 7 }, band_drop: { enabled: false } },
    }).rules;
    expect(fired({ lastLoginDate: '2026-11-15' }, settings)).toEqual(['inactivity']);
    expect(fired({ band: 'yellow', score: 60, recentHighScore: 70 }, settings)).toEqual([]);
  });
});
