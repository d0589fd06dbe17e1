import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrations } from '../../migrations/index';
import { migrateToLatest } from '../../src/db/migrate';
import { TendError } from '../../src/errors';
import { describeEachDatabase } from '../helpers/database';

describeEachDatabase('migrations', (get) => {
  it('creates every table PRODUCT.md describes', async () => {
    const { rows } = await sql<{ tablename: string }>`
      select tablename from pg_tables where schemaname = current_schema() order by 1`.execute(
      get().db,
    );
    const names = rows.map((r) => r.tablename);
    for (const table of [
      'accounts',
      'usage_daily',
      'tickets',
      'survey_answers',
      'health_snapshots',
      'alerts',
      'alert_events',
      'follow_ups',
      'channel_subscriptions',
      'chat_users',
      'outbox',
      'job_runs',
      'api_keys',
      'audit_log',
    ]) {
      expect(names).toContain(table);
    }
  });

  it('is idempotent: a second run applies nothing', async () => {
    expect((await migrateToLatest(get().db)).applied).toEqual([]);
  });

  it('never leaves a half-migrated database: a failing migration changes nothing', async () => {
    const db = get().db;
    const broken = {
      ...migrations,
      '9999-01-01T0000_broken': {
        // biome-ignore lint/suspicious/noExplicitAny: migrations take Kysely<any>
        async up(k: any) {
          await k.schema.createTable('half_done').addColumn('x', 'integer').execute();
          await k.schema.createTable('accounts').addColumn('x', 'integer').execute();
        },
      },
      '9999-01-01T0001_after': {
        // biome-ignore lint/suspicious/noExplicitAny: migrations take Kysely<any>
        async up(k: any) {
          await k.schema.createTable('never_reached').addColumn('x', 'integer').execute();
        },
      },
    };
    const failure = await migrateToLatest(db, broken).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TendError);
    expect((failure as TendError).message).toContain('migration 9999-01-01T0000_broken failed');
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from pg_tables
      where tablename in ('half_done', 'never_reached')`.execute(db);
    expect(rows[0]?.n).toBe(0);
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations));
  });

  it('keeps one open alert per account and rule', async () => {
    const db = get().db;
    const account = await db
      .insertInto('accounts')
      .values({ external_id: 'm-1', name: 'Migr Co' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const alert = {
      account_id: account.id,
      rule: 'inactivity',
      summary: 'x',
      fired_at: new Date(),
    };
    await db.insertInto('alerts').values(alert).execute();
    await expect(db.insertInto('alerts').values(alert).execute()).rejects.toThrow();
    await db.updateTable('alerts').set({ status: 'resolved' }).execute();
    await db.insertInto('alerts').values(alert).execute();
  });

  it('returns money, ids and days in one shape on every driver', async () => {
    const db = get().db;
    const row = await db
      .insertInto('accounts')
      .values({ external_id: 'm-2', name: 'Shape Co', arr: 1234.5, renewal_date: '2027-01-31' })
      .returning(['id', 'arr', 'renewal_date', 'created_at'])
      .executeTakeFirstOrThrow();
    expect(typeof row.id).toBe('number');
    expect(row.arr).toBe(1234.5);
    expect(row.renewal_date).toBe('2027-01-31');
    expect(row.created_at).toBeInstanceOf(Date);
  });
});
