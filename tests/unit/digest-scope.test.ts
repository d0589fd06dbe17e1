import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates';
import {
  type DigestAccount,
  type DigestAlert,
  type DigestFollowUp,
  rankDigest,
  selectDigest,
  selectScoped,
} from '../../src/domain/digest';
import type { Band } from '../../src/domain/health';
import {
  filterIndex,
  matchesFilters,
  type SubscriptionFilters,
} from '../../src/domain/subscription-filter';

// A run ranks the whole portfolio once and picks per scope; each scope must read exactly as if
// its own accounts had been selected from scratch (order, ties, "and N more", ARR at risk).
const TODAY = '2026-11-23';
const bands: (Band | null)[] = ['green', 'yellow', 'red', null];
const SEGMENTS = ['Enterprise', 'smb', null];

const rows = Array.from({ length: 600 }, (_, i) => ({
  segment: SEGMENTS[i % 3] ?? null,
  tier: i % 4 === 0 ? null : (['gold', 'Silver'][i % 2] ?? null),
  owner_email: `csm${i % 7}@tend.test`,
  arr: i % 9 === 0 ? null : 1000 * (i % 40) + 0.37,
}));
const accounts: DigestAccount[] = rows.map((r, i) => ({
  id: i + 1,
  name: `Account ${i + 1}`,
  arr: r.arr,
  owner: r.owner_email,
  renewalDate: i % 5 === 0 ? null : addDays(TODAY, (i * 7) % 120),
  score: i % 11 === 0 ? null : (i * 13) % 100,
  band: bands[i % 4] ?? null,
  prevScore: i % 6 === 0 ? null : (i * 17) % 100,
  prevBand: bands[(i * 3) % 4] ?? null,
}));
const alerts = accounts
  .filter((_, i) => i % 4 === 1)
  .map((a, k) => ({
    accountName: a.name,
    summary: 'no login',
    severity: ['critical', 'warning', 'info'][k % 3] as string,
    firedAt: new Date(Date.UTC(2026, 10, 1 + (k % 3))),
    at: a.id - 1,
  }));
const followUps = accounts
  .filter((_, i) => i % 5 === 2)
  .map((a, k) => ({
    accountName: a.name,
    title: 'call',
    dueOn: addDays(TODAY, -1 - (k % 4)),
    owner: null,
    at: a.id - 1,
  }));

const filters: SubscriptionFilters[] = [
  {},
  { segment: 'enterprise' },
  { segment: 'SMB', tier: 'silver' },
  { owner: 'CSM3@tend.test', minArr: 10_000 },
  { minArr: 25_000.37 },
  { tier: 'gold', minArr: 1e9 },
  { segment: 'nope' },
];

describe('digests ranked once, picked per scope', () => {
  for (const since of ['2026-11-20', null]) {
    it(`reads like a digest of the scope's own accounts (since ${since})`, () => {
      const ranked = rankDigest({ today: TODAY, since, accounts, alerts, followUps });
      const scopeOf = filterIndex(rows);
      for (const f of filters) {
        const members = scopeOf(f);
        const expected = rows.flatMap((r, i) => (matchesFilters(r, f) ? [i] : []));
        expect([...members]).toEqual(expected);
        const mask = new Uint8Array(accounts.length);
        for (const i of members) mask[i] = 1;
        const strip = <T extends { at: number }>({ at: _, ...rest }: T) => rest;
        const own = {
          today: TODAY,
          since,
          accounts: expected.map((i) => accounts[i] as DigestAccount),
          alerts: alerts.filter((x) => mask[x.at] === 1).map(strip) as DigestAlert[],
          followUps: followUps.filter((x) => mask[x.at] === 1).map(strip) as DigestFollowUp[],
        };
        for (const max of [50, 12]) {
          expect(selectScoped(ranked, { mask, members }, max)).toEqual(selectDigest(own, max));
        }
      }
    });
  }

  it('leaves alerts and follow-ups of accounts outside the portfolio out of every scope', () => {
    const stray = { ...alerts[0], at: -1 } as (typeof alerts)[number];
    const ranked = rankDigest({ today: TODAY, since: null, accounts, alerts: [stray], followUps });
    const all = Uint8Array.from(accounts, () => 1);
    const members = accounts.map((_, i) => i);
    const digest = selectScoped(ranked, { mask: all, members });
    expect(digest.sections.map((s) => s.key)).not.toContain('alerts');
  });
});
