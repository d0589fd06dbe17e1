import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/parse/command';
import { touchOverdue } from '../../src/domain/rules';
import { cadenceTiers, touchKindOf } from '../../src/domain/timeline';
import { DEFAULT_SETTINGS, settingsSchema } from '../../src/settings';

describe('touch kinds', () => {
  it('come from the first word, else "other"', () => {
    expect(touchKindOf('call with the CFO')).toBe('call');
    expect(touchKindOf('Called Jane')).toBe('call');
    expect(touchKindOf('meeting: onsite')).toBe('meeting');
    expect(touchKindOf('E-mail sent')).toBe('email');
    expect(touchKindOf('email follow-up')).toBe('email');
    expect(touchKindOf('demo of reports')).toBe('demo');
    expect(touchKindOf('QBR went well')).toBe('qbr');
    expect(touchKindOf('bumped into their VP')).toBe('other');
    expect(touchKindOf('')).toBe('other');
  });
});

describe('touch and timeline commands', () => {
  it('parse the account and the text, or the account and a window', () => {
    expect(parseCommand('/touch acme call with the CFO', '2026-11-23')).toMatchObject({
      kind: 'touch',
      splits: expect.arrayContaining([{ account: 'acme', text: 'call with the CFO' }]),
    });
    expect(parseCommand('touch', '2026-11-23')).toMatchObject({ kind: 'invalid' });
    expect(parseCommand('timeline acme', '2026-11-23')).toEqual({
      kind: 'timeline',
      query: 'acme',
      days: 90,
    });
    expect(parseCommand('timeline Acme Corp 30d', '2026-11-23')).toEqual({
      kind: 'timeline',
      query: 'Acme Corp',
      days: 30,
    });
    expect(parseCommand('timeline "Acme Corp" 7 days', '2026-11-23')).toMatchObject({ days: 7 });
    expect(parseCommand('timeline acme 0d', '2026-11-23')).toMatchObject({ kind: 'invalid' });
    expect(parseCommand('timeline', '2026-11-23')).toMatchObject({
      kind: 'invalid',
      problem: { key: 'parse.needAccount', params: { usage: 'timeline' } },
    });
  });
});

describe('cadence settings', () => {
  it('default to platinum 14, gold 30, silver 60, bronze none; touch_overdue off', () => {
    expect(DEFAULT_SETTINGS.cadence).toEqual({ platinum: 14, gold: 30, silver: 60, bronze: null });
    expect(DEFAULT_SETTINGS.rules.touch_overdue).toEqual({ enabled: false, cooldownHours: 72 });
    expect(cadenceTiers({ Platinum: 14, bronze: null })).toEqual({
      tiers: ['platinum'],
      days: [14],
    });
  });

  it('list every problem', () => {
    const parsed = settingsSchema.safeParse({ cadence: { gold: 0, silver: 'often', tin: 7.5 } });
    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['cadence.gold', 'cadence.silver', 'cadence.tin']);
  });
});

describe('touch_overdue', () => {
  it('finds nothing without a check-in due, and keys the finding on the last touch', () => {
    const facts = {
      accountId: 1,
      today: '2026-11-23',
      score: null,
      band: null,
      previousBand: null,
      recentHighScore: null,
      lastLoginDate: null,
      hasUsage: false,
      activeUsers30: null,
      activeUsersPrev30: null,
      activation: null,
      contractStart: null,
      renewalDate: null,
      npsAnswers: [],
      urgentTickets: [],
    };
    const params = { enabled: true, cooldownHours: 72 };
    expect(touchOverdue(facts, params)).toBeNull();
    expect(
      touchOverdue(
        { ...facts, checkIn: { cadenceDays: 14, lastTouchOn: '2026-11-01', overdueDays: 8 } },
        params,
      ),
    ).toMatchObject({ rule: 'touch_overdue', conditionKey: 'touch:2026-11-01', severity: 'info' });
  });
});
