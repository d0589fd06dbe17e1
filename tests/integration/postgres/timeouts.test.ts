import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openContext } from '../../../src/cli/context';
import { loadConfig } from '../../../src/config';
import { type DatabaseHandle, openDatabase } from '../../../src/db/database';
import { migrateToLatest } from '../../../src/db/migrate';

const base = process.env.TEST_DATABASE_URL;

/** A scratch database on the test server, for pools opened with their own limits. */
async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tend_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base as string);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

if (!base) {
  describe('Postgres statement and idle-in-transaction timeouts', () => {
    it.skip('skipped: needs TEST_DATABASE_URL (the embedded database has one in-process connection and no server-side timers)', () => {});
  });
} else {
  describe('Postgres statement and idle-in-transaction timeouts', () => {
    let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
    let handle: DatabaseHandle;

    beforeAll(async () => {
      scratch = await scratchDatabase();
      handle = await openDatabase({
        kind: 'postgres',
        url: scratch.url,
        poolSize: 2,
        timeouts: { statementMs: 300, idleInTransactionMs: 400 },
      });
    });
    afterAll(async () => {
      await handle?.close();
      await scratch?.drop();
    });

    it('Postgres cancels a statement that runs past statement_timeout', async () => {
      const started = performance.now();
      await expect(sql`select pg_sleep(3)`.execute(handle.db)).rejects.toThrow(/statement timeout/);
      expect(performance.now() - started).toBeLessThan(2_000);
      // The pool is still usable afterwards.
      expect((await sql<{ one: number }>`select 1 as one`.execute(handle.db)).rows).toEqual([
        { one: 1 },
      ]);
    });

    it('Postgres ends a transaction left idle past idle_in_transaction_session_timeout', async () => {
      const outcome = handle.db
        .transaction()
        .execute(async (trx) => {
          await sql`select 1`.execute(trx);
          await new Promise((r) => setTimeout(r, 1_200));
          await sql`select 2`.execute(trx);
        })
        .then(
          () => 'committed',
          (error: Error) => error.message,
        );
      expect(await outcome).not.toBe('committed');
    });

    it('migrations run with the statement timeout lifted', async () => {
      const slow = {
        '0001_slow': {
          up: async (db: Parameters<typeof migrateToLatest>[0]) => {
            await sql`select pg_sleep(0.6)`.execute(db);
          },
        },
      };
      expect(await migrateToLatest(handle.db, slow)).toEqual({ applied: ['0001_slow'] });
      // …and the connection it used has the limit again.
      await expect(sql`select pg_sleep(1)`.execute(handle.db)).rejects.toThrow(/statement timeout/);
    });

    it('the server pool gets 30 s and 60 s by default, and the environment can change them', async () => {
      const show = async (env: Record<string, string>) => {
        const { handle: h } = await openContext(
          loadConfig({ DATABASE_URL: scratch.url, LOG_LEVEL: 'silent', ...env }),
          { migrate: false },
        );
        try {
          const { rows } = await sql<{ s: string; i: string }>`
            select current_setting('statement_timeout') as s,
                   current_setting('idle_in_transaction_session_timeout') as i`.execute(h.db);
          return rows[0];
        } finally {
          await h.close();
        }
      };
      expect(await show({})).toEqual({ s: '30s', i: '1min' });
      expect(
        await show({
          TEND_DB_STATEMENT_TIMEOUT_MS: '5000',
          TEND_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '7000',
        }),
      ).toEqual({ s: '5s', i: '7s' });
    });
  });
}
