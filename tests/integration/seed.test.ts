import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context';
import { historyOffsets, seedDemo, seedDemoIfEmpty } from '../../src/app/seed';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { DB } from '../../src/db/schema';
import { createLogger } from '../../src/log';
import { prepareDataDir, tempDir, tend } from '../helpers/cli';
import { describeEachDatabase, truncateAll } from '../helpers/database';

const TODAY = '2026-11-23';

function contextFor(db: DB): AppContext {
  return {
    db,
    config: loadConfig({}),
    clock: fixedClock(`${TODAY}T15:00:00Z`),
    log: createLogger('silent'),
  };
}

async function count(db: DB, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(
    table,
  )}`.execute(db);
  return rows[0]?.n ?? 0;
}

async function snapshot(db: DB, externalId: string, day: string) {
  return db
    .selectFrom('health_snapshots as h')
    .innerJoin('accounts as a', 'a.id', 'h.account_id')
    .select(['h.score', 'h.band', 'h.onboarding'])
    .where('a.external_id', '=', externalId)
    .where('h.day', '=', day)
    .executeTakeFirst();
}

describeEachDatabase('seed --demo', (get) => {
  it('loads every row in one go and scores the named stories into their bands', async () => {
    const ctx = contextFor(get().db);
    const report = await seedDemo(ctx, { accounts: 40, days: 60, seed: 42, historyDays: 35 });
    expect(report).toMatchObject({ accounts: 40, today: TODAY, replaced: 0 });
    expect(await count(ctx.db, 'accounts')).toBe(40);
    expect(await count(ctx.db, 'usage_daily')).toBe(report.usageRows);
    expect(await count(ctx.db, 'tickets')).toBe(report.tickets);
    expect(await count(ctx.db, 'survey_answers')).toBe(report.surveys);
    expect(report.usageRows).toBeGreaterThan(35 * 60);
    expect(report.snapshots).toBe(40 * historyOffsets(35).length);

    expect(await snapshot(ctx.db, 'acc-00001', TODAY)).toMatchObject({ band: 'yellow' });
    expect(await snapshot(ctx.db, 'acc-00002', TODAY)).toMatchObject({ band: 'red' });
    expect(await snapshot(ctx.db, 'acc-00003', TODAY)).toMatchObject({ band: 'green' });
    expect(await snapshot(ctx.db, 'acc-00004', TODAY)).toMatchObject({ onboarding: true });
    // Acme is falling: a month ago it scored well above today.
    const acmeNow = await snapshot(ctx.db, 'acc-00001', TODAY);
    const acmeThen = await snapshot(ctx.db, 'acc-00001', '2026-10-24');
    expect(acmeThen?.score ?? 0).toBeGreaterThan((acmeNow?.score ?? 100) + 10);
    const audit = await ctx.db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => a.action)).toContain('seed.demo');
  });

  it('refuses a database that holds accounts, and changes nothing', async () => {
    const ctx = contextFor(get().db);
    const before = await count(ctx.db, 'usage_daily');
    await expect(seedDemo(ctx, { accounts: 10, days: 30, seed: 1 })).rejects.toThrow(
      /already holds 40 accounts/,
    );
    expect(await count(ctx.db, 'accounts')).toBe(40);
    expect(await count(ctx.db, 'usage_daily')).toBe(before);
    expect(await seedDemoIfEmpty(ctx)).toBeNull();
  });

  it('replaces everything with --force, deterministically', async () => {
    const ctx = contextFor(get().db);
    const names = async () =>
      (await ctx.db.selectFrom('accounts').select('name').orderBy('external_id').execute()).map(
        (r) => r.name,
      );
    const first = await names();
    const report = await seedDemo(ctx, { accounts: 40, days: 60, seed: 42, force: true });
    expect(report.replaced).toBe(40);
    expect(await count(ctx.db, 'accounts')).toBe(40);
    expect(await names()).toEqual(first);
    expect(await count(ctx.db, 'usage_daily')).toBe(report.usageRows);
  });

  it('seeds the default demo into an empty database on first start', async () => {
    await truncateAll(get());
    const ctx = contextFor(get().db);
    const report = await seedDemoIfEmpty(ctx);
    expect(report).toMatchObject({ accounts: 200, today: TODAY });
    expect(await count(ctx.db, 'usage_daily')).toBe(report?.usageRows);
  }, 180_000);

  it('loads the first-start demo without reference checks, and leaves them on after', async () => {
    const ctx = contextFor(get().db);
    // The unchecked load (seedDemoIfEmpty) left no row naming a missing account…
    for (const table of ['usage_daily', 'tickets', 'survey_answers', 'health_snapshots'] as const) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(table)} t
        where not exists (select 1 from accounts a where a.id = t.account_id)`.execute(ctx.db);
      expect(rows[0]?.n, table).toBe(0);
    }
    // …and the checks hold again for the next statement on any connection.
    await expect(
      sql`insert into usage_daily (account_id, day, active_users, seats, logins,
        core_features_used, core_features_total) values (999999, current_date, 1, 1, 1, 1, 1)`.execute(
        ctx.db,
      ),
    ).rejects.toThrow(/foreign key/);
  });
});

describe('tend seed (the binary)', () => {
  const dir = tempDir('tend-seed-');
  const env = { TEND_DATA_DIR: dir };
  // A migrated folder from the test image: no initdb in the child.
  beforeAll(() => prepareDataDir(dir, async () => {}));

  it('seeds, prints counts and the stories, then refuses a second run', () => {
    const first = tend(['seed', '--demo', '--accounts', '30', '--days', '40'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^seeded demo data up to \d{4}-\d{2}-\d{2}: 30 accounts, \d+ usage/,
    );
    expect(first.stdout).toContain('Acme Corp (acc-00001, yellow');
    expect(first.stdout).toContain('Globex Corporation (acc-00002, red');

    const again = tend(['seed', '--demo', '--accounts', '30', '--days', '40'], env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toEqual([
      'tend: the database already holds 30 accounts; seed --demo --force replaces them all',
    ]);
  }, 120_000);

  it('rejects a bad flag with one line and exit code 2', () => {
    const bad = tend(['seed', '--demo', '--accounts', 'many'], env);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(
      /^tend: --accounts takes a whole number from \d+ to \d+, not "many"/,
    );
    const unknown = tend(['seed', '--demo', '--acounts', '5'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
