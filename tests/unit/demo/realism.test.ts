import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, parseDay } from '../../../src/domain/dates';
import { CSM_OWNERS, generateDemo } from '../../../src/domain/demo';
import { computeHealth } from '../../../src/domain/health';
import { demoHealthInputs } from './aggregate';

const TODAY = '2026-11-23';
const data = generateDemo({ accounts: 400, days: 180, seed: 7, today: TODAY });
const random = data.accounts.slice(4);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const share = (n: number) => n / random.length;

describe('demo realism', () => {
  it('mixes segments, mostly small, with ARR growing with the segment', () => {
    const arr = (segment: string) => random.filter((a) => a.segment === segment).map((a) => a.arr);
    expect(share(arr('smb').length)).toBeGreaterThan(0.45);
    expect(share(arr('enterprise').length)).toBeGreaterThan(0.04);
    expect(median(arr('enterprise'))).toBeGreaterThan(2 * median(arr('mid-market')));
    expect(median(arr('mid-market'))).toBeGreaterThan(2 * median(arr('smb')));
    // A long tail: the largest contract is many times the median.
    const all = random.map((a) => a.arr);
    expect(Math.max(...all)).toBeGreaterThan(10 * median(all));
    expect(new Set(random.map((a) => a.tier))).toEqual(new Set(['gold', 'silver', 'bronze']));
  });

  it('gives each CSM several accounts', () => {
    for (const owner of CSM_OWNERS) {
      expect(random.filter((a) => a.owner_email === owner).length).toBeGreaterThan(10);
    }
  });

  it('spreads renewals over the next 12 months, after the contract start', () => {
    const quarters = [0, 0, 0, 0];
    for (const a of random) {
      const inDays = daysBetween(TODAY, a.renewal_date);
      expect(inDays).toBeGreaterThan(0);
      expect(inDays).toBeLessThanOrEqual(365);
      expect(a.contract_start < a.renewal_date).toBe(true);
      quarters[Math.min(3, Math.floor((inDays - 1) / 92))]! += 1;
    }
    for (const q of quarters) expect(q).toBeGreaterThan(random.length / 8);
    const onboarding = random.filter((a) => daysBetween(a.contract_start, TODAY) < 90);
    expect(onboarding.length).toBeGreaterThan(0);
  });

  it('has a weekly rhythm: weekdays busier than weekends', () => {
    let weekday = 0;
    let weekend = 0;
    for (const series of data.usage) {
      const first = parseDay(series.first_day);
      series.active_users.forEach((n, i) => {
        const dow = (first + i + 4) % 7;
        if (dow === 0 || dow === 6) weekend += n / 2;
        else weekday += n / 5;
      });
    }
    expect(weekday).toBeGreaterThan(2.5 * weekend);
  });

  it('has growing, flat and declining accounts', () => {
    const changes = data.usage
      .filter((s) => s.active_users.length === 180)
      .map((s) => {
        const sum = (from: number, to: number) =>
          s.active_users.slice(from, to).reduce((x, y) => x + y, 0);
        return sum(150, 180) / Math.max(1, sum(0, 30));
      });
    expect(changes.filter((c) => c > 1.2).length).toBeGreaterThan(20);
    expect(changes.filter((c) => c < 0.8).length).toBeGreaterThan(20);
    expect(changes.filter((c) => c >= 0.9 && c <= 1.1).length).toBeGreaterThan(50);
  });

  it('lands accounts in every band, mostly green, some red', () => {
    const bands = { green: 0, yellow: 0, red: 0 };
    for (const a of random) {
      const band = computeHealth(demoHealthInputs(data, a.external_id, TODAY)).band;
      if (band) bands[band] += 1;
    }
    expect(bands.green).toBeGreaterThan(bands.yellow);
    expect(bands.yellow).toBeGreaterThan(bands.red);
    expect(bands.red).toBeGreaterThan(4);
  });

  it('dates tickets and answers within the window', () => {
    const start = addDays(TODAY, -179);
    expect(data.tickets.length).toBeGreaterThan(random.length);
    expect(data.surveys.filter((s) => s.kind === 'nps').length).toBeGreaterThan(random.length / 2);
    for (const t of data.tickets.slice(4)) expect(t.opened_at.slice(0, 10) >= start).toBe(true);
  });
});
