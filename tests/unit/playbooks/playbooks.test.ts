import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isMessageKey, type Params, t } from '../../../src/cards/i18n/t';
import { DEFAULT_PLAYBOOKS } from '../../../src/domain/playbooks/model';
import { anchorDayOf, isOverdue, planSteps } from '../../../src/domain/playbooks/plan';
import {
  DEFAULT_RULE_SETTINGS,
  evaluateRules,
  expansionPotential,
  type RuleFacts,
  totalPotential,
} from '../../../src/domain/rules';
import { dayIn } from '../../../src/domain/time-zone';
import { settingsSchema } from '../../../src/settings';

const account = { tier: 'gold', segment: 'enterprise', arr: 120_000, ownerEmail: 'ann@x.test' };

describe('playbook settings', () => {
  it('ships the four defaults when the settings name none', () => {
    const s = settingsSchema.parse({});
    expect(s.playbooks.map((p) => p.name)).toEqual([
      'onboarding',
      'detractor-recovery',
      'renewal',
      'usage-decline-rescue',
    ]);
    expect(s.playbooks[0]!.steps.map((x) => x.dueDays)).toEqual([0, 7, 14, 30, 90]);
  });

  it('lists every problem with its path', () => {
    const r = settingsSchema.safeParse({
      playbooks: [
        { name: 'x', trigger: { type: 'rule', rule: 'nope' }, steps: [{ title: 'a', dueDays: 0 }] },
        { name: 'x', trigger: { type: 'renewal' }, steps: [] },
        {
          name: 'Bad Name',
          trigger: { type: 'band_change', to: 'purple' },
          steps: [{ title: 'b', dueDays: -1, owner: 'somebody' }],
        },
      ],
      expansion: { premiumFeatures: ['sso'] },
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(
      expect.arrayContaining([
        'playbooks.1.trigger.daysBefore',
        'playbooks.1.steps',
        'playbooks.2.name',
        'playbooks.2.trigger.to',
        'playbooks.2.steps.0.dueDays',
        'playbooks.2.steps.0.owner',
      ]),
    );
  });

  it('checks cross-field problems once the shapes are right: duplicate names, rules, features', () => {
    const r = settingsSchema.safeParse({
      playbooks: [
        { name: 'x', trigger: { type: 'rule', rule: 'nope' }, steps: [{ title: 'a', dueDays: 0 }] },
        { name: 'x', trigger: { type: 'manual' }, steps: [{ title: 'a', dueDays: 0 }] },
      ],
      expansion: { premiumFeatures: ['sso'] },
    });
    expect(r.success).toBe(false);
    // The settings' own problems are catalog keys, worded in the reader's language by config.ts.
    const said = (i: z.core.$ZodIssue) =>
      isMessageKey(i.message)
        ? t('en', i.message, 'params' in i ? (i.params as Params) : {})
        : i.message;
    expect(r.error!.issues.map((i) => [i.path.join('.'), said(i)])).toEqual(
      expect.arrayContaining([
        ['playbooks.1.name', '"x" is already the name of playbook 1'],
        ['playbooks.0.trigger.rule', expect.stringContaining('no rule "nope"')],
        ['expansion.premiumFeatures.0', expect.stringContaining('connectors.segment.coreFeatures')],
      ]),
    );
  });
});

describe('planning a run', () => {
  const onboarding = DEFAULT_PLAYBOOKS[0]!;

  it('dates steps from the start day, owners from the account and the settings', () => {
    const steps = planSteps(DEFAULT_PLAYBOOKS[1]!, account, '2026-12-06', ['boss@x.test']);
    expect(steps.map((s) => [s.dueOn, s.ownerEmail])).toEqual([
      ['2026-12-06', 'ann@x.test'],
      ['2026-12-13', 'ann@x.test'],
      ['2026-12-20', 'boss@x.test'],
      ['2027-01-05', 'ann@x.test'],
    ]);
  });

  it('leaves out steps whose condition the account does not meet', () => {
    const p = {
      ...onboarding,
      steps: [
        { title: 'all', owner: 'account_owner' as const, dueDays: 0 },
        {
          title: 'platinum',
          owner: 'account_owner' as const,
          dueDays: 1,
          when: { tier: ['Platinum'] },
        },
        { title: 'big', owner: 'x@y.test', dueDays: 2, when: { minArr: 100_000 } },
      ],
    };
    expect(
      planSteps(p, account, '2026-12-06', []).map((s) => [s.position, s.title, s.ownerEmail]),
    ).toEqual([
      [1, 'all', 'ann@x.test'],
      [2, 'big', 'x@y.test'],
    ]);
  });

  it('puts a renewal playbook at 120/90/60/30 days before the renewal, whenever it starts', () => {
    const renewal = DEFAULT_PLAYBOOKS[2]!;
    const anchor = anchorDayOf(renewal, '2027-01-20', '2027-05-01');
    expect(planSteps(renewal, account, anchor, []).map((s) => s.dueOn)).toEqual([
      '2027-01-01',
      '2027-01-31',
      '2027-03-02',
      '2027-04-01',
    ]);
  });

  // Berlin moves to summer time at 02:00 on Sunday 29 March 2026. A run started at 00:30 local
  // that night (still 28 March in UTC) counts its days in Berlin's calendar.
  it('counts due days in the team calendar across a DST change', () => {
    const zone = 'Europe/Berlin';
    const started = new Date('2026-03-28T23:30:00Z');
    const today = dayIn(started, zone);
    expect(today).toBe('2026-03-29');
    const steps = planSteps(onboarding, account, today, []);
    expect(steps[1]!.dueOn).toBe('2026-04-05');
    // The last minute of 5 April in Berlin (CEST, UTC+2) is not overdue; the next one is.
    expect(isOverdue(steps[1]!.dueOn, dayIn(new Date('2026-04-05T21:59:00Z'), zone))).toBe(false);
    expect(isOverdue(steps[1]!.dueOn, dayIn(new Date('2026-04-05T22:00:00Z'), zone))).toBe(true);
    // And back to winter time (25 October 2026): day 30 of a run started on 1 October.
    const autumn = planSteps(
      onboarding,
      account,
      dayIn(new Date('2026-09-30T22:30:00Z'), zone),
      [],
    );
    expect(autumn[3]!.dueOn).toBe('2026-10-31');
  });
});

describe('expansion rules', () => {
  const base: RuleFacts = {
    accountId: 1,
    today: '2026-12-06',
    score: 80,
    band: 'green',
    previousBand: 'green',
    recentHighScore: 80,
    lastLoginDate: '2026-12-05',
    hasUsage: true,
    activeUsers30: 40,
    activeUsersPrev30: 40,
    activation: 0.8,
    contractStart: '2025-01-01',
    renewalDate: null,
    npsAnswers: [],
    urgentTickets: [],
    seatUse: null,
    premiumFirstUse: [],
  };
  const rules = (f: Partial<RuleFacts>) =>
    evaluateRules({ ...base, ...f }, DEFAULT_RULE_SETTINGS).map((x) => x.rule);

  it('seats: at least 80% used on each of the last 14 days', () => {
    expect(rules({ seatUse: { minUse: 0.82, days: 14, seats: 50 } })).toEqual(['seats_high']);
    expect(rules({ seatUse: { minUse: 0.79, days: 14, seats: 50 } })).toEqual([]);
    expect(rules({ seatUse: { minUse: 0.95, days: 13, seats: 50 } })).toEqual([]);
  });

  it('a premium feature used for the first time', () => {
    expect(rules({ premiumFirstUse: [{ feature: 'sso', firstDay: '2026-12-04' }] })).toEqual([
      'premium_adopted',
    ]);
  });

  it('active users up at least 30% on the 30 days before', () => {
    expect(rules({ activeUsers30: 52, activeUsersPrev30: 40 })).toEqual(['users_growth']);
    expect(rules({ activeUsers30: 51, activeUsersPrev30: 40 })).toEqual([]);
  });

  it('potential: ARR times the rule share; an account counts its largest signal once', () => {
    expect(expansionPotential('seats_high', 120_000, DEFAULT_RULE_SETTINGS)).toBe(24_000);
    expect(expansionPotential('seats_high', null, DEFAULT_RULE_SETTINGS)).toBeNull();
    const t = totalPotential(
      [
        { account_id: 1, rule: 'seats_high', arr: 100_000 },
        { account_id: 1, rule: 'users_growth', arr: 100_000 },
        { account_id: 2, rule: 'premium_adopted', arr: 10_000 },
      ],
      DEFAULT_RULE_SETTINGS,
    );
    expect([t.total, t.accounts]).toEqual([21_500, 2]);
  });
});
