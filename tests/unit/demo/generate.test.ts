import { describe, expect, it } from 'vitest';
import { generateDemo, STORIES, usageRows } from '../../../src/domain/demo';

const TODAY = '2026-11-23';
const options = { accounts: 60, days: 90, seed: 42, today: TODAY };

describe('generateDemo', () => {
  it('is deterministic: the same seed and day give the same rows', () => {
    expect(generateDemo(options)).toEqual(generateDemo(options));
  });

  it('gives other random accounts for another seed, and the same stories', () => {
    const a = generateDemo(options);
    const b = generateDemo({ ...options, seed: 43 });
    expect(a.accounts.slice(4).map((x) => x.name)).not.toEqual(
      b.accounts.slice(4).map((x) => x.name),
    );
    expect(b.accounts.slice(0, 4).map((x) => x.name)).toEqual(
      a.accounts.slice(0, 4).map((x) => x.name),
    );
  });

  it('only adds accounts when N grows: a smaller set is a prefix of a larger one', () => {
    const small = generateDemo({ ...options, accounts: 20 });
    const large = generateDemo(options);
    expect(large.accounts.slice(0, 20)).toEqual(small.accounts);
    expect(large.usage.slice(0, 20)).toEqual(small.usage);
  });

  it('counts the named stories in N and numbers every id', () => {
    const data = generateDemo(options);
    expect(data.accounts).toHaveLength(60);
    expect(data.accounts.slice(0, 4).map((a) => a.name)).toEqual(
      Object.values(STORIES).map((s) => s.name),
    );
    expect(data.accounts[0]?.external_id).toBe('acc-00001');
    expect(data.accounts[59]?.external_id).toBe('acc-00060');
    const unique = (xs: string[]) => new Set(xs).size === xs.length;
    expect(unique(data.accounts.map((a) => a.external_id))).toBe(true);
    expect(unique(data.accounts.map((a) => a.name.toLowerCase()))).toBe(true);
    expect(unique(data.accounts.map((a) => a.domain))).toBe(true);
    expect(unique(data.tickets.map((t) => t.external_id))).toBe(true);
    expect(unique(data.surveys.map((s) => s.external_id))).toBe(true);
    expect(data.tickets.every((t) => /^tk-\d{5}-\d{3}$/.test(t.external_id))).toBe(true);
    expect(data.surveys.every((s) => /^sv-\d{5}-\d{3}$/.test(s.external_id))).toBe(true);
  });

  it('gives every account one usage row a day, from its contract start or the window start', () => {
    const data = generateDemo(options);
    for (const [i, series] of data.usage.entries()) {
      const account = data.accounts[i]!;
      expect(series.account_external_id).toBe(account.external_id);
      const rows = usageRows(series);
      expect(rows.length).toBeLessThanOrEqual(90);
      expect(rows.at(-1)?.day).toBe(TODAY);
      if (rows.length < 90) expect(rows[0]?.day).toBe(account.contract_start);
      for (const r of rows) {
        expect(r.active_users).toBeLessThanOrEqual(r.seats);
        expect(r.logins).toBeGreaterThanOrEqual(r.active_users);
        expect(r.core_features_used).toBeLessThanOrEqual(r.core_features_total);
      }
    }
  });

  it('keeps tickets and answers inside the data and the scales', () => {
    const data = generateDemo(options);
    const ids = new Set(data.accounts.map((a) => a.external_id));
    for (const t of data.tickets) {
      expect(ids.has(t.account_external_id)).toBe(true);
      expect(t.opened_at.slice(0, 10) <= TODAY).toBe(true);
      expect(t.status === 'closed').toBe(t.closed_at !== null);
      if (t.closed_at) expect(t.closed_at >= t.opened_at).toBe(true);
    }
    for (const s of data.surveys) {
      expect(ids.has(s.account_external_id)).toBe(true);
      expect(s.answered_on <= TODAY).toBe(true);
      const [lo, hi] = s.kind === 'nps' ? [0, 10] : [1, 5];
      expect(s.score).toBeGreaterThanOrEqual(lo);
      expect(s.score).toBeLessThanOrEqual(hi);
    }
  });

  it('rejects sizes it cannot honour', () => {
    expect(() => generateDemo({ ...options, accounts: 3 })).toThrow(RangeError);
    expect(() => generateDemo({ ...options, days: 0 })).toThrow(RangeError);
    expect(() => generateDemo({ ...options, today: '2026-02-30' })).toThrow(RangeError);
    expect(() => generateDemo({ ...options, seed: 1.5 })).toThrow(RangeError);
  });
});
