import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../src/domain/dates';
import { type DemoData, generateDemo, STORIES } from '../../../src/domain/demo';
import { computeHealth, type HealthResult } from '../../../src/domain/health';
import { demoHealthInputs } from './aggregate';

const TODAY = '2026-11-23';
const ID = { acme: 'acc-00001', red: 'acc-00002', green: 'acc-00003', onboarding: 'acc-00004' };
const cases = [42, 1, 2026].flatMap((seed) => [180, 60].map((days) => ({ seed, days })));

const health = (data: DemoData, id: string, day = TODAY): HealthResult =>
  computeHealth(demoHealthInputs(data, id, day));
const account = (data: DemoData, id: string) => data.accounts.find((a) => a.external_id === id)!;

describe.each(cases)('named stories (seed $seed, $days days)', ({ seed, days }) => {
  const data = generateDemo({ accounts: 12, days, seed, today: TODAY });

  it('has the four stories at fixed ids', () => {
    expect(account(data, ID.acme)).toMatchObject({ name: 'Acme Corp', domain: 'acme.com' });
    for (const [key, story] of Object.entries(STORIES)) {
      expect(account(data, ID[key as keyof typeof ID]).name).toBe(story.name);
    }
  });

  it('Acme Corp: yellow 50–65, logins down > 30% in 30 days, renewal in 45 days, falling', () => {
    const inputs = demoHealthInputs(data, ID.acme, TODAY);
    const result = computeHealth(inputs);
    expect(result.band).toBe('yellow');
    expect(result.score).toBeGreaterThanOrEqual(50);
    expect(result.score).toBeLessThanOrEqual(65);
    expect(inputs.logins30!).toBeLessThan(0.7 * inputs.loginsPrev30!);
    expect(daysBetween(TODAY, account(data, ID.acme).renewal_date)).toBe(45);
    expect(result.drivers[0]?.text).toMatch(/logins fell \d+% in 30 days/);
    if (days >= 90) {
      // 30 days ago, before the fall, Acme was green.
      expect(health(data, ID.acme, addDays(TODAY, -30)).score!).toBeGreaterThan(result.score! + 10);
    }
  });

  it('the red account: a detractor and an urgent ticket open > 7 days', () => {
    const result = health(data, ID.red);
    expect(result.band).toBe('red');
    const detail = (key: string) => result.measures.find((m) => m.key === key)?.detail;
    expect(detail('support')).toBe('1 urgent ticket open > 7 days');
    expect(detail('sentiment')).toMatch(/^detractor NPS 3 from maria\.lopez@globex\.com on /);
  });

  it('the green account is green', () => {
    expect(health(data, ID.green).band).toBe('green');
  });

  it('the onboarding account is young and stalls: low activation, not green', () => {
    const inputs = demoHealthInputs(data, ID.onboarding, TODAY);
    const result = computeHealth(inputs);
    expect(result.onboarding).toBe(true);
    expect(daysBetween(account(data, ID.onboarding).contract_start, TODAY)).toBeLessThan(90);
    expect(inputs.activeUsers30! / inputs.seats!).toBeLessThan(0.15);
    expect(inputs.featuresUsed30!).toBeLessThanOrEqual(2);
    expect(result.band).toBe('yellow');
  });
});
