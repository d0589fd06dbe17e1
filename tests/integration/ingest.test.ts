import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context';
import { recomputeHealth } from '../../src/app/health-recompute';
import { ingestBatch } from '../../src/app/ingest';
import { firstDayAffectingHealth } from '../../src/app/ingest-write';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { USAGE_WINDOW_DAYS } from '../../src/domain/health';
import { silentLogger } from '../../src/log';
import { upsertUsage } from '../../src/store/ingest-activity';
import { describeEachDatabase, truncateAll } from '../helpers/database';

const accounts = [
  { external_id: 'acme', name: 'Acme Corp', arr: '120000.50', renewal_date: '2027-01-15' },
  { external_id: 'globex', name: 'Globex', owner_email: 'Jane@Globex.com' },
];

describeEachDatabase('ingestBatch', (get) => {
  let ctx: AppContext;
  beforeEach(async () => {
    await truncateAll(get());
    ctx = {
      db: get().db,
      config: loadConfig({}),
      clock: fixedClock('2026-11-20T10:00:00Z'),
      log: silentLogger,
    };
  });

  const count = async (table: 'accounts' | 'usage_daily' | 'tickets' | 'survey_answers') =>
    Number(
      (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(ctx.db))
        .rows[0]?.n,
    );

  it('upserts accounts by external id; the same batch again changes nothing', async () => {
    const first = await ingestBatch(ctx, 'accounts', accounts);
    expect(first).toEqual({ ok: true, received: 2, written: 2, unchanged: 0 });
    const before = await ctx.db.selectFrom('accounts').selectAll().orderBy('id').execute();
    expect(before[0]).toMatchObject({ arr: 120000.5, renewal_date: '2027-01-15' });
    expect(before[1]?.owner_email).toBe('jane@globex.com');
    const again = await ingestBatch(ctx, 'accounts', accounts);
    expect(again).toEqual({ ok: true, received: 2, written: 0, unchanged: 2 });
    const after = await ctx.db.selectFrom('accounts').selectAll().orderBy('id').execute();
    expect(after).toEqual(before);
    const renamed = await ingestBatch(ctx, 'accounts', [{ external_id: 'acme', name: 'Acme' }]);
    expect(renamed).toMatchObject({ ok: true, written: 1 });
    expect(await count('accounts')).toBe(2);
  });

  it('writes usage, tickets and surveys and recomputes the touched accounts', async () => {
    await ingestBatch(ctx, 'accounts', accounts);
    await ctx.db.updateTable('accounts').set({ health_stale: false }).execute();
    const usage = await ingestBatch(ctx, 'usage', [
      { account_external_id: 'acme', day: '2026-11-19', active_users: 12, seats: 40 },
      { account_external_id: 'acme', day: '2026-11-18', active_users: '9', logins: '30' },
    ]);
    expect(usage).toMatchObject({ ok: true, written: 2 });
    const tickets = await ingestBatch(ctx, 'tickets', [
      {
        external_id: 'T-1',
        account_external_id: 'acme',
        priority: 'Urgent',
        status: 'open',
        opened_at: '2026-11-01T09:00:00+01:00',
      },
    ]);
    expect(tickets).toMatchObject({ ok: true, written: 1 });
    const surveys = await ingestBatch(ctx, 'surveys', [
      {
        account_external_id: 'acme',
        kind: 'nps',
        score: 3,
        respondent: 'jo@acme.com',
        answered_on: '2026-11-02',
      },
      {
        external_id: 'S-9',
        account_external_id: 'acme',
        kind: 'csat',
        score: 5,
        answered_on: '2026-11-03',
      },
    ]);
    expect(surveys).toMatchObject({ ok: true, written: 2 });
    expect(
      await ingestBatch(ctx, 'surveys', [
        {
          account_external_id: 'acme',
          kind: 'nps',
          score: 3,
          respondent: 'jo@acme.com',
          answered_on: '2026-11-02',
        },
      ]),
    ).toMatchObject({ ok: true, written: 0 });
    const ticket = await ctx.db.selectFrom('tickets').selectAll().executeTakeFirstOrThrow();
    expect(ticket.priority).toBe('urgent');
    expect(ticket.opened_at.toISOString()).toBe('2026-11-01T08:00:00.000Z');
    const keys = await ctx.db.selectFrom('survey_answers').select('external_id').execute();
    expect(keys.map((k) => k.external_id).sort()).toEqual([
      'S-9',
      'auto:["acme","nps","jo@acme.com","2026-11-02"]',
    ]);
    // Accounts are recomputed right after each ingestion, so none is left stale.
    const snapshots = await ctx.db
      .selectFrom('health_snapshots')
      .innerJoin('accounts', 'accounts.id', 'health_snapshots.account_id')
      .select(['external_id', 'day', 'health_stale'])
      .execute();
    expect(snapshots).toContainEqual({
      external_id: 'acme',
      day: '2026-11-20',
      health_stale: false,
    });
    expect(snapshots.every((s) => !s.health_stale)).toBe(true);
  });

  it('recomputes for usage in the health window only; older usage cannot change it', async () => {
    await ingestBatch(ctx, 'accounts', accounts);
    const recent = { account_external_id: 'acme', seats: 40 };
    await ingestBatch(ctx, 'usage', [
      { ...recent, day: '2026-11-19', active_users: 10, logins: 5 },
    ]);
    const today = async () =>
      ctx.db
        .selectFrom('health_snapshots')
        .innerJoin('accounts', 'accounts.id', 'health_snapshots.account_id')
        .select(['score', 'computed_at', 'health_stale'])
        .where('external_id', '=', 'acme')
        .where('day', '=', '2026-11-20')
        .executeTakeFirstOrThrow();
    const before = await today();
    // 61 days back: stored as history, but outside every time zone's 60-day window.
    const old = { ...recent, day: '2026-09-20', active_users: 100, logins: 500 };
    expect(await ingestBatch(ctx, 'usage', [old])).toMatchObject({ ok: true, written: 1 });
    expect(await count('usage_daily')).toBe(2);
    expect(await today()).toEqual(before);
    // The store is where the rule lives: an old row is written but names no account.
    const acme = await ctx.db
      .selectFrom('accounts')
      .select('id')
      .where('external_id', '=', 'acme')
      .executeTakeFirstOrThrow();
    const cols = (day: string) => ({
      accountIds: [acme.id],
      days: [day],
      activeUsers: [1],
      seats: [40],
      logins: [1],
      used: [null],
      total: [null],
    });
    const from = firstDayAffectingHealth(ctx.clock.now());
    expect(from).toBe('2026-09-21');
    expect(await upsertUsage(ctx.db, cols('2026-09-20'), from)).toEqual({
      written: 1,
      accountIds: [],
    });
    expect((await today()).health_stale).toBe(false);
    expect(await upsertUsage(ctx.db, cols('2026-09-21'), from)).toEqual({
      written: 1,
      accountIds: [acme.id],
    });
    expect((await today()).health_stale).toBe(true);
    // A full recompute agrees: that row does not move today's score.
    await recomputeHealth(ctx);
    expect((await today()).score).toBe(before.score);
    expect(USAGE_WINDOW_DAYS).toBe(60);
    // The oldest day inside the window does: a busier previous month is a drop.
    const inWindow = { ...old, day: '2026-09-22' };
    expect(await ingestBatch(ctx, 'usage', [inWindow])).toMatchObject({ ok: true, written: 1 });
    const after = await today();
    expect(after.score).toBeLessThan(before.score ?? 0);
    expect(after.health_stale).toBe(false);
  });

  it('rejects a batch with every bad row listed and writes nothing', async () => {
    await ingestBatch(ctx, 'accounts', accounts);
    const result = await ingestBatch(ctx, 'usage', [
      { account_external_id: 'acme', day: '2026-11-19', active_users: 3 },
      { account_external_id: 'nope', day: '2026-11-19', active_users: 3 },
      { account_external_id: 'acme', day: '2026-02-30', active_users: -1 },
      { account_external_id: 'acme', day: '2099-01-01', active_users: 1 },
      { account_external_id: 'acme', day: '1800-01-01', active_users: 1e12 },
      { account_external_id: 'acme', day: '2026-11-01', active_users: 1, extra: true },
      'not an object',
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { index: 1, field: 'account_external_id', reason: 'unknown account' },
        { index: 2, field: 'day', reason: 'must be a real day like 2026-11-02' },
        { index: 2, field: 'active_users', reason: 'must not be negative' },
        { index: 3, field: 'day', reason: 'is in the future' },
        { index: 4, field: 'day', reason: 'must be between 1900-01-01 and 2199-12-31' },
        { index: 4, field: 'active_users', reason: 'must be at most 2147483647' },
        { index: 5, field: 'extra', reason: 'unknown field' },
        { index: 6, field: '(row)', reason: 'must be an object' },
      ],
    });
    expect(await count('usage_daily')).toBe(0);
  });

  it('rejects a batch whose only fault is an unknown account', async () => {
    await ingestBatch(ctx, 'accounts', accounts);
    const result = await ingestBatch(ctx, 'tickets', [
      {
        external_id: 'T-1',
        account_external_id: 'acme',
        priority: 'low',
        status: 'open',
        opened_at: '2026-11-01',
      },
      {
        external_id: 'T-2',
        account_external_id: 'ghost',
        priority: 'low',
        status: 'open',
        opened_at: '2026-11-01',
      },
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [{ index: 1, field: 'account_external_id', reason: 'unknown account' }],
    });
    expect(await count('tickets')).toBe(0);
  });

  it('keeps the last of repeated keys within a batch', async () => {
    await ingestBatch(ctx, 'accounts', accounts);
    const result = await ingestBatch(ctx, 'usage', [
      { account_external_id: 'acme', day: '2026-11-19', active_users: 3 },
      { account_external_id: 'acme', day: '2026-11-19', active_users: 7 },
    ]);
    expect(result).toMatchObject({ ok: true, written: 1 });
    const rows = await ctx.db.selectFrom('usage_daily').select('active_users').execute();
    expect(rows).toEqual([{ active_users: 7 }]);
  });

  it('validates survey score ranges per kind and required fields', async () => {
    await ingestBatch(ctx, 'accounts', accounts);
    const result = await ingestBatch(ctx, 'surveys', [
      { account_external_id: 'acme', kind: 'csat', score: 0, answered_on: '2026-11-01' },
      { account_external_id: 'acme', kind: 'nps', answered_on: '2026-11-01' },
    ]);
    expect(result).toEqual({
      ok: false,
      errors: [
        { index: 0, field: 'score', reason: 'must be between 1 and 5 for csat' },
        { index: 1, field: 'score', reason: 'required' },
      ],
    });
  });
});
