import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/api-keys';
import { audited, type EdgeRequest, verifyAuditLog } from '../../src/app/audit';
import type { AppContext } from '../../src/app/context';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { createHttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { breakAuditInserts } from '../helpers/audit';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';

const EDGE: EdgeRequest = { origin: 'cli', actor: 'cli:ann', action: 'tend rename', place: '/tmp' };

/**
 * The audit entry of a request commits in the same transaction as the request's first write
 * (db/audited-dialect.ts), not after the work: no write without its entry, no entry lost when
 * the process dies before the edge finishes.
 */
describeEachDatabase('audit entry in the same transaction as the write', (get) => {
  let ctx: AppContext;
  let account: number;
  const nameOf = async () =>
    (
      await ctx.db
        .selectFrom('accounts')
        .select('name')
        .where('id', '=', account)
        .executeTakeFirstOrThrow()
    ).name;
  const entries = () =>
    ctx.db.selectFrom('audit_log').select(['action', 'details']).orderBy('id').execute();

  beforeAll(async () => {
    ctx = testContext(get(), '2026-12-06T09:00:00Z');
    account = await insertAccount(ctx.db, { external_id: 'acme', name: 'Acme' });
  });

  it('a write whose audit entry cannot be written is rolled back with it, in a transaction or not', async () => {
    const broken = await breakAuditInserts(ctx.db);
    try {
      await expect(
        audited(ctx, EDGE, () =>
          ctx.db.transaction().execute(async (trx) => {
            await trx
              .updateTable('accounts')
              .set({ name: 'Renamed' })
              .where('id', '=', account)
              .execute();
          }),
        ),
      ).rejects.toThrow(/audit insert refused/);
      expect(await nameOf()).toBe('Acme');
      // An autocommit statement is made a transaction holding it and its entry.
      await expect(
        audited(ctx, EDGE, () =>
          ctx.db
            .updateTable('accounts')
            .set({ name: 'Renamed' })
            .where('id', '=', account)
            .execute(),
        ),
      ).rejects.toThrow(/audit insert refused/);
      expect(await nameOf()).toBe('Acme');
    } finally {
      await broken.undo();
    }
    expect(await entries()).toEqual([]);
  });

  it('an API write whose audit entry cannot be written fails and changes nothing', async () => {
    const server = createHttpServer(apiV1Routes(ctx), silentLogger);
    const base = (await server.listen(0, '127.0.0.1')).url;
    const { key } = await createApiKey(ctx, 'crm');
    const broken = await breakAuditInserts(ctx.db);
    try {
      const res = await fetch(`${base}/api/v1/accounts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ rows: [{ external_id: 'acme', name: 'Renamed by API' }] }),
      });
      expect(res.status).toBe(500);
      expect(await nameOf()).toBe('Acme');
    } finally {
      await broken.undo();
      await server.close();
    }
    await sql`delete from audit_log`.execute(ctx.db);
  });

  it('the entry is there as soon as the write commits, before the edge finishes (a crash after the work)', async () => {
    let committed!: () => void;
    const wrote = new Promise<void>((resolve) => {
      committed = resolve;
    });
    // The work commits and then never returns: the process could die here.
    void audited(ctx, EDGE, async () => {
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('accounts')
          .set({ name: 'Acme 2' })
          .where('id', '=', account)
          .execute();
      });
      committed();
      await new Promise(() => {});
    });
    await wrote;
    expect(await nameOf()).toBe('Acme 2');
    expect(await entries()).toEqual([
      { action: 'tend rename', details: { tables: ['accounts'], outcome: 'ok' } },
    ]);
  });

  it('a throw after the write keeps the committed entry and adds the failure; later tables get their own entry', async () => {
    await sql`delete from audit_log`.execute(ctx.db);
    await expect(
      audited(ctx, EDGE, async () => {
        await ctx.db
          .updateTable('accounts')
          .set({ name: 'Acme 3' })
          .where('id', '=', account)
          .execute();
        // Same table again: already named, no second entry.
        await ctx.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('accounts')
            .set({ name: 'Acme 4' })
            .where('id', '=', account)
            .execute();
        });
        await ctx.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('usage_daily')
            .values({ account_id: account, day: '2026-12-01', active_users: 1, logins: 1 })
            .execute();
        });
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await nameOf()).toBe('Acme 4');
    expect(await entries()).toEqual([
      { action: 'tend rename', details: { tables: ['accounts'], outcome: 'ok' } },
      { action: 'tend rename', details: { tables: ['usage_daily'], outcome: 'ok' } },
      { action: 'tend rename', details: { tables: ['accounts', 'usage_daily'], outcome: 'error' } },
    ]);
    expect((await verifyAuditLog(ctx)).problems).toEqual([]);
  });

  it('a rolled-back transaction leaves no entry; reads and jobs (no scope) leave none', async () => {
    await sql`delete from audit_log`.execute(ctx.db);
    await audited(ctx, EDGE, async () => {
      await ctx.db
        .transaction()
        .execute(async (trx) => {
          await trx
            .updateTable('accounts')
            .set({ name: 'Gone' })
            .where('id', '=', account)
            .execute();
          throw new Error('changed my mind');
        })
        .catch(() => {});
      await ctx.db.selectFrom('accounts').selectAll().execute();
    });
    await ctx.db
      .updateTable('accounts')
      .set({ name: 'By a job' })
      .where('id', '=', account)
      .execute();
    expect(await entries()).toEqual([]);
  });
});
