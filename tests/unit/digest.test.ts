import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../src/cards/block-kit';
import { digestCard } from '../../src/cards/digest-card';
import { addDays } from '../../src/domain/dates';
import {
  type DigestAccount,
  type DigestInput,
  MAX_ITEMS_PER_SECTION,
  selectDigest,
} from '../../src/domain/digest';
import type { Band } from '../../src/domain/health';

const TODAY = '2026-11-23';
const bands: Band[] = ['green', 'yellow', 'red'];

function portfolio(n: number): DigestInput {
  const accounts: DigestAccount[] = Array.from({ length: n }, (_, i) => {
    const band = bands[i % 3] as Band;
    return {
      id: i + 1,
      name: `Account ${i + 1}`,
      arr: 1000 * ((i % 50) + 1),
      owner: `csm${i % 20}@tend.test`,
      renewalDate: addDays(TODAY, i % 120),
      score: band === 'green' ? 80 : band === 'yellow' ? 55 : 20,
      band,
      prevScore: band === 'green' ? 82 : 75,
      prevBand: i % 7 === 0 ? band : 'green',
    };
  });
  return {
    today: TODAY,
    since: '2026-11-20',
    accounts,
    alerts: Array.from({ length: n / 2 }, (_, i) => ({
      accountName: `Account ${i + 1}`,
      summary: 'no login for 20 days',
      severity: i % 2 ? 'warning' : 'critical',
      firedAt: new Date(Date.UTC(2026, 10, 1 + (i % 20))),
    })),
    followUps: Array.from({ length: n / 4 }, (_, i) => ({
      accountName: `Account ${i + 1}`,
      title: 'call the sponsor',
      dueOn: addDays(TODAY, -1 - (i % 30)),
      owner: null,
    })),
  };
}

describe('digest selection', () => {
  it('keeps a 5,000-account portfolio within 50 blocks, with "and N more" where cut', () => {
    const input = portfolio(5000);
    const digest = selectDigest(input);
    expect(digest.blocks).toBeLessThanOrEqual(50);
    expect(digest.sections.map((s) => s.key)).toEqual([
      'turned',
      'drops',
      'renewals',
      'alerts',
      'overdue',
    ]);
    for (const s of digest.sections) {
      expect(s.rows.length).toBeLessThanOrEqual(MAX_ITEMS_PER_SECTION);
      expect(s.more).toBeGreaterThan(0);
    }
    const card = digestCard({
      digest,
      scope: 'all accounts',
      accounts: 5000,
      today: TODAY,
      since: '2026-11-20',
    });
    const blocks = renderBlocks(card);
    // The renderer had nothing to cut: our count is its count.
    expect(blocks).toHaveLength(digest.blocks);
    expect(JSON.stringify(blocks)).toContain('and 3');
    expect(JSON.stringify(blocks)).not.toContain('more blocks');
  });

  it('names the account of every row, and the card offers to open it', () => {
    const digest = selectDigest(portfolio(30));
    const rows = digest.sections.flatMap((s) => s.rows);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      expect(r.accountId).toBeDefined();
      expect(r.text).toMatch(new RegExp(`Account ${r.accountId}\\b`));
    }
    const card = digestCard({ digest, scope: 'all', accounts: 30, today: TODAY, since: null });
    const opens = renderBlocks(card).flatMap((b) => {
      const accessory = (b as { accessory?: { action_id: string; value: string } }).accessory;
      return accessory ? [accessory] : [];
    });
    expect(opens).toHaveLength(rows.length);
    expect(opens.every((a) => a.action_id === 'account.pick')).toBe(true);
    expect(opens.map((a) => JSON.parse(a.value).accountId)).toEqual(rows.map((r) => r.accountId));
  });

  it('orders by importance: red before yellow, bigger ARR first, soonest renewal first', () => {
    const digest = selectDigest(portfolio(30));
    const turned = digest.sections.find((s) => s.key === 'turned');
    expect(turned?.rows[0]?.text).toMatch(/^🔴/);
    const renewals = digest.sections.find((s) => s.key === 'renewals');
    expect(renewals?.rows[0]?.text).toContain('(in 1 day)');
    expect(renewals?.title).toMatch(/ARR at risk \$/);
  });

  it('counts bands with the change since the last digest, none on the first', () => {
    const input = portfolio(9);
    const digest = selectDigest(input);
    expect(digest.counts.find((c) => c.band === 'red')).toEqual({
      band: 'red',
      count: 3,
      change: 3,
    });
    const first = selectDigest({ ...input, since: null });
    expect(first.counts.every((c) => c.change === null)).toBe(true);
  });

  it('gives every section a share before any gets more, and drops the least important when tiny', () => {
    const small = selectDigest(portfolio(5000), 20);
    expect(small.blocks).toBeLessThanOrEqual(20);
    expect(small.sections.map((s) => s.rows.length)).toEqual([2, 2, 1, 1, 1]);
    const tiny = selectDigest(portfolio(5000), 6);
    expect(tiny.blocks).toBeLessThanOrEqual(6);
    expect(tiny.sections).toHaveLength(1);
  });

  it('says nothing needs attention on a quiet day', () => {
    const digest = selectDigest({
      today: TODAY,
      since: null,
      accounts: [],
      alerts: [],
      followUps: [],
    });
    expect(digest.sections).toEqual([]);
    const card = digestCard({
      digest,
      scope: 'all accounts',
      accounts: 0,
      today: TODAY,
      since: null,
    });
    expect(JSON.stringify(card)).toContain('nothing needs attention');
  });
});
