import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULE_SETTINGS,
  type Finding,
  inCooldown,
  planEpisodes,
  rulesAt,
  sensitivityOf,
} from '../../../src/domain/rules';

const finding = (rule: Finding['rule'], severity: Finding['severity']): Finding => ({
  rule,
  severity,
  summary: rule,
  args: { key: 'usageDown', pct: 0 },
  conditionKey: 'k',
  details: {},
});

describe('episodes', () => {
  it('an account with an open alert: every new finding joins it', () => {
    const plan = planEpisodes(
      [
        { accountId: 1, finding: finding('inactivity', 'warning') },
        { accountId: 1, finding: finding('detractor', 'critical') },
      ],
      new Map([[1, 77]]),
    );
    expect(plan.leads).toEqual([]);
    expect(plan.joins.map((j) => j.leadId)).toEqual([77, 77]);
  });

  it('a new episode is led by its most severe finding, then by rule order; one lead per account', () => {
    const plan = planEpisodes(
      [
        { accountId: 1, finding: finding('inactivity', 'warning') },
        { accountId: 1, finding: finding('detractor', 'critical') },
        { accountId: 1, finding: finding('band_drop', 'warning') },
        { accountId: 2, finding: finding('usage_decline', 'warning') },
      ],
      new Map(),
    );
    expect(plan.leads.map((l) => [l.accountId, l.finding.rule])).toEqual([
      [1, 'detractor'],
      [2, 'usage_decline'],
    ]);
    expect(plan.joins.map((j) => [j.item.finding.rule, j.leadOf?.finding.rule])).toEqual([
      ['band_drop', 'detractor'],
      ['inactivity', 'detractor'],
    ]);
  });

  it('a cooldown counts from the resolution', () => {
    const at = new Date('2026-11-23T10:00:00Z');
    expect(inCooldown(at, 72, new Date('2026-11-26T09:59:00Z'))).toBe(true);
    expect(inCooldown(at, 72, new Date('2026-11-26T10:00:00Z'))).toBe(false);
    expect(inCooldown(null, 72, at)).toBe(false);
  });
});

describe('sensitivity presets', () => {
  it('strict tightens thresholds, loose widens them, normal is the configured rules', () => {
    const base = DEFAULT_RULE_SETTINGS;
    expect(rulesAt(base, 'normal')).toBe(base);
    const strict = rulesAt(base, 'strict');
    const loose = rulesAt(base, 'loose');
    expect([strict.inactivity.days, base.inactivity.days, loose.inactivity.days]).toEqual([
      7, 14, 21,
    ]);
    expect([strict.score_drop.points, loose.score_drop.points]).toEqual([10, 23]);
    expect([strict.usage_decline.dropAtLeast, loose.usage_decline.dropAtLeast]).toEqual([
      0.2, 0.45,
    ]);
    expect([strict.detractor.maxScore, loose.detractor.maxScore]).toEqual([7, 4]);
    expect([strict.renewal_at_risk.days, loose.renewal_at_risk.days]).toEqual([120, 60]);
    // Windows that decide which facts are loaded stay as configured.
    expect(strict.score_drop.days).toBe(base.score_drop.days);
  });

  it('picks the tier preset case-insensitively; unlisted tiers are normal', () => {
    const presets = { Gold: 'strict', bronze: 'loose' } as const;
    expect(sensitivityOf('gold', presets)).toBe('strict');
    expect(sensitivityOf('BRONZE', presets)).toBe('loose');
    expect(sensitivityOf('silver', presets)).toBe('normal');
    expect(sensitivityOf(null, presets)).toBe('normal');
  });
});
