import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEALTH_SETTINGS,
  healthSettingsSchema,
  parseHealthSettings,
} from '../../../src/domain/health';

describe('health settings', () => {
  it('defaults every field', () => {
    expect(parseHealthSettings(undefined)).toEqual(DEFAULT_HEALTH_SETTINGS);
    expect(parseHealthSettings({})).toEqual(DEFAULT_HEALTH_SETTINGS);
  });

  it('fills a partial override from the defaults', () => {
    const s = parseHealthSettings({ weights: { usage: 50 }, recency: { zeroDays: 21 } });
    expect(s.weights).toEqual({ ...DEFAULT_HEALTH_SETTINGS.weights, usage: 50 });
    expect(s.recency).toEqual({ fullDays: 3, zeroDays: 21 });
  });

  it('rejects bad values with every problem listed', () => {
    const r = healthSettingsSchema.safeParse({
      weights: { usage: -1 },
      bands: { green: 30, yellow: 50 },
      sentiment: { csatWeight: 2 },
      unknownKey: 1,
    });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['weights.usage', 'sentiment.csatWeight', '']));
  });

  it('rejects all-zero weights and an inverted recency ramp', () => {
    const zero = { usage: 0, recency: 0, adoption: 0, support: 0, sentiment: 0 };
    expect(healthSettingsSchema.safeParse({ weights: zero }).success).toBe(false);
    expect(healthSettingsSchema.safeParse({ recency: { fullDays: 14, zeroDays: 3 } }).success).toBe(
      false,
    );
    expect(healthSettingsSchema.safeParse({ bands: { green: 30, yellow: 50 } }).success).toBe(
      false,
    );
  });
});
