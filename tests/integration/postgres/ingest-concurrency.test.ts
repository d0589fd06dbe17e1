import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/app/api-keys';
import type { AppContext } from '../../../src/app/context';
import { markStale } from '../../../src/app/health-recompute';
import { ingestBatch } from '../../../src/app/ingest';
import { writeChunk } from '../../../src/app/ingest-write';
import { fixedClock } from '../../../src/clock';
import { type DatabaseHandle, openDatabase } from '../../../src/db/database';
import { isDatabaseOutage, isTransientConflict } from '../../../src/db/errors';
import { migrateToLatest } from '../../../src/db/migrate';
import { addDays } from '../../../src/domain/dates';
import { type EntityName, validateRows } from '../../../src/domain/ingest';
import { apiV1Routes } from '../../../src/http/routes/api-v1';
import { createHttpServer, type HttpServer } from '../../../src/http/server';
import { createLogger } from '../../../src/log';
import { testConfig } from '../../helpers/fixtures';

// Issue 19: two ingest batches in flight once answered 500 (a deadlock). Batches that name the
// same accounts and days in different orders, written side by side over real connections, never
// deadlock each other: every ingest writer locks rows in one fixed order. Another writer holding
// rows the other way round can still make Postgres fail a batch: it runs again, and what still
// fails answers 503 with Retry-After, never 500.

const base = process.env.TEST_DATABASE_URL;
const NOW = '2026-11-23T10:00:00Z';
const TODAY = '2026-11-23';
const ACCOUNTS = 60;
const DAYS = 10;
const ROUNDS = 12;

const extId = (a: number) => `acct-${String(a).padStart(3, '0')}`;

/** A small seeded shuffle, so a failing round can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

interface Key {
  a: number;
  day: string;
}

const keys: Key[] = [];
for (let a = 0; a < ACCOUNTS; a++) {
  for (let d = 1; d <= DAYS; d++) keys.push({ a, day: addDays(TODAY, -d) });
}

/** The same keys four ways: account-major up, down, day-major, shuffled. */
function orders(round: number): Key[][] {
  const dayMajor = [...keys].sort((x, y) => x.day.localeCompare(y.day) || x.a - y.a);
  return [keys, [...keys].reverse(), dayMajor, shuffled(keys, round + 1)];
}

if (!base) {
  describe('ingest batches in flight together (real Postgres)', () => {
    it.skip('skipped: needs TEST_DATABASE_URL (the embedded database has one connection)', () => {});
  });
} else {
  describe('ingest batches in flight together (real Postgres)', () => {
    const name = `tend_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const lines: string[] = [];
    let handle: DatabaseHandle;
    let ctx: AppContext;
    let server: HttpServer;
    let url: string;
    let key: string;
    let dbUrl: string;

    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const u = new URL(base);
      u.pathname = `/${name}`;
      dbUrl = u.toString();
      // Room for every batch's transaction and the recomputes after them at once.
      handle = await openDatabase({ kind: 'postgres', url: dbUrl, poolSize: 20 });
      await migrateToLatest(handle.db);
      const log = createLogger('warn', { write: (line: string) => void lines.push(line) });
      ctx = { db: handle.db, config: testConfig(), clock: fixedClock(NOW), log };
      const accounts = Array.from({ length: ACCOUNTS }, (_, a) => ({
        external_id: extId(a),
        name: `Account ${a}`,
      }));
      expect(await ingestBatch(ctx, 'accounts', accounts)).toMatchObject({ ok: true });
      key = (await createApiKey(ctx, 'concurrency')).key;
      server = createHttpServer(apiV1Routes(ctx), log);
      url = (await server.listen(0, '127.0.0.1')).url;
    });
    afterAll(async () => {
      await server?.close();
      await handle?.close();
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    });

    const post = async (entity: string, rows: unknown[]) => {
      const response = await fetch(`${url}/api/v1/${entity}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ rows }),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: await response.text(),
      };
    };
    const errors = () =>
      lines.map((l) => JSON.parse(l) as { msg: string; err?: { code?: string; message?: string } });
    const said = () =>
      errors()
        .map((e) => `${e.msg}: ${e.err?.code} ${e.err?.message}`)
        .join('\n');

    const usageRows = (list: Key[], value: number) =>
      list.map((k) => ({
        account_external_id: extId(k.a),
        day: k.day,
        active_users: value,
        seats: 100,
      }));
    const accountRows = (round: number, reversed: boolean) => {
      const rows = Array.from({ length: ACCOUNTS }, (_, a) => ({
        external_id: extId(a),
        name: `Account ${a}`,
        arr: 1000 + round,
        tier: `t${round}-${reversed}`,
      }));
      return reversed ? rows.reverse() : rows;
    };

    it('ingest transactions writing the same rows in different orders never deadlock', async () => {
      // The writes alone, each in its own transaction on its own connection, with no retry
      // and no recompute after: a lock cycle between them would fail one with 40P01.
      const write = async (entity: EntityName, inputs: unknown[]) => {
        const { valid, errors: bad } = validateRows(entity, inputs, { today: TODAY });
        expect(bad).toEqual([]);
        try {
          await handle.db.transaction().execute(async (trx) => {
            const outcome = await writeChunk(trx, entity, valid, new Date(NOW));
            expect(outcome.ok).toBe(true);
          });
          return 'ok';
        } catch (error) {
          return `${(error as { code?: string }).code} ${(error as Error).message}`;
        }
      };
      for (let round = 0; round < ROUNDS; round++) {
        const outcomes = await Promise.all([
          ...orders(round).map((list, batch) => write('usage', usageRows(list, 500 + batch))),
          // Disjoint days, the same accounts the other way round: only the stale marks meet.
          ...[false, true].map((reversed, batch) => {
            const days = keys.map((k) => ({ a: k.a, day: addDays(k.day, -DAYS * (batch + 1)) }));
            return write('usage', usageRows(reversed ? days.reverse() : days, 600 + batch));
          }),
          write('accounts', accountRows(round, false)),
          write('accounts', accountRows(round, true)),
        ]);
        expect(outcomes, `round ${round}`).toEqual(outcomes.map(() => 'ok'));
        // Stale again for the next round's marks (nothing recomputes here).
        await sql`update accounts set health_stale = false`.execute(handle.db);
      }
    });

    it('a recompute clearing stale marks beside ingest batches never deadlocks', async () => {
      // markStale (recompute) once updated accounts in table order while ingest locks them in
      // id order: a cycle. Rows are first rewritten in a shuffled order so table order and id
      // order differ, as they do after any update.
      const write = async (entity: EntityName, inputs: unknown[]) => {
        const { valid } = validateRows(entity, inputs, { today: TODAY });
        try {
          await handle.db.transaction().execute(async (trx) => {
            await writeChunk(trx, entity, valid, new Date(NOW));
          });
          return 'ok';
        } catch (error) {
          return `${(error as { code?: string }).code} ${(error as Error).message}`;
        }
      };
      const clear = (ids?: number[]) =>
        markStale(ctx, ids, false).then(
          () => 'ok',
          (error: { code?: string; message?: string }) => `${error.code} ${error.message}`,
        );
      const ids = (
        await sql<{ id: number }>`select id::int as id from accounts order by id`.execute(handle.db)
      ).rows.map((r) => r.id);
      for (let round = 0; round < ROUNDS * 2; round++) {
        for (const id of shuffled(ids, round + 7)) {
          await sql`update accounts set health_stale = ${id % 2 === round % 2}
            where id = ${id}::bigint`.execute(handle.db);
        }
        const outcomes = await Promise.all([
          clear(),
          ...orders(round).map((list, batch) =>
            write('usage', usageRows(list, 900 + round + batch)),
          ),
          write('accounts', accountRows(100 + round, false)),
          clear(shuffled(ids, round)),
          write('accounts', accountRows(100 + round, true)),
        ]);
        expect(outcomes, `round ${round}`).toEqual(outcomes.map(() => 'ok'));
      }
    });

    it('overlapping batches in different orders are all taken, and every row lands', async () => {
      await sql`truncate usage_daily`.execute(handle.db);
      for (let round = 0; round < ROUNDS; round++) {
        // Every batch changes every row (its own value), so each one really writes and marks
        // its accounts stale; two account batches in opposite orders change the same accounts.
        const usage = orders(round).map((list, batch) =>
          post('usage', usageRows(list, round * 10 + batch)),
        );
        const accounts = [false, true].map((reversed) =>
          post('accounts', accountRows(round, reversed)),
        );
        const answers = await Promise.all([...usage, ...accounts]);
        const failed = answers.filter((x) => x.status !== 200);
        expect(
          failed.map((x) => `${x.status} ${x.body}`),
          `round ${round}: ${said()}`,
        ).toEqual([]);
        const { rows } = await sql<{ n: number; values: number[] }>`
          select count(*)::int as n, array_agg(distinct active_users) as values
          from usage_daily`.execute(handle.db);
        expect(rows[0]?.n).toBe(ACCOUNTS * DAYS);
        // Fully overlapping batches in one lock order run one after another on every key: the
        // rows hold one batch's values, never a mix.
        expect(rows[0]?.values).toHaveLength(1);
        expect(rows[0]?.values[0]).toBeGreaterThanOrEqual(round * 10);
        const tiers = await sql<{ n: number }>`
          select count(distinct tier)::int as n from accounts`.execute(handle.db);
        expect(tiers.rows[0]?.n).toBe(1);
      }
      expect(errors().filter((e) => e.msg === 'request failed')).toEqual([]);
    });

    /** Resolves once a statement of this database waits for a row lock of another. */
    const someoneWaits = async () => {
      for (;;) {
        const waiting = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(handle.db);
        if ((waiting.rows[0]?.n ?? 0) > 0) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const acmeId = async (client: pg.Client) =>
      (
        await client.query<{ id: string }>('select id from accounts where external_id = $1', [
          extId(0),
        ])
      ).rows[0]?.id;

    it('a batch Postgres fails to break a lock cycle with another session runs again and is taken', async () => {
      // Another writer (a psql session, a job) holds an account row and then wants a usage row
      // the batch has just written: the batch waited first, so its deadlock check runs first
      // and Postgres fails it.
      const other = new pg.Client({ connectionString: dbUrl });
      await other.connect();
      try {
        const day = addDays(TODAY, -1);
        const id = await acmeId(other);
        await other.query('update accounts set health_stale = false');
        await other.query('begin');
        await other.query(`update accounts set tier = 'held' where id = $1`, [id]);
        const answer = post('usage', usageRows([{ a: 0, day }], 7_777));
        await someoneWaits();
        const mine = other
          .query(
            `insert into usage_daily (account_id, day, active_users, logins)
             values ($1, $2, 1, 0) on conflict (account_id, day) do update set logins = 1`,
            [id, day],
          )
          .then(
            () => null,
            (error: { code?: string }) => error.code ?? 'error',
          );
        expect(await mine).toBeNull();
        await other.query('rollback');
        const result = await answer;
        expect(result.status, said()).toBe(200);
        expect(
          errors().some((e) => e.msg.includes('lost a lock race') && e.err?.code === '40P01'),
        ).toBe(true);
        const stored = await sql<{ active_users: number }>`
          select active_users from usage_daily where account_id = ${id}::bigint
            and day = ${day}::date`.execute(handle.db);
        expect(stored.rows[0]?.active_users).toBe(7_777);
      } finally {
        await other.end();
      }
    });

    it('a deadlock is a transient conflict, not an outage', async () => {
      const [one, two] = [
        new pg.Client({ connectionString: dbUrl }),
        new pg.Client({ connectionString: dbUrl }),
      ];
      await Promise.all([one.connect(), two.connect()]);
      try {
        const { rows } = await one.query<{ id: string }>(
          'select id from accounts order by id limit 2',
        );
        const [a, b] = rows.map((r) => r.id);
        await one.query('begin');
        await two.query('begin');
        await one.query('update accounts set tier = $2 where id = $1', [a, 'one']);
        await two.query('update accounts set tier = $2 where id = $1', [b, 'two']);
        const failed: unknown[] = [];
        const first = one
          .query('update accounts set tier = $2 where id = $1', [b, 'one'])
          .catch((e) => failed.push(e));
        await someoneWaits();
        await two
          .query('update accounts set tier = $2 where id = $1', [a, 'two'])
          .catch((e) => failed.push(e));
        await first;
        await Promise.all([one.query('rollback'), two.query('rollback')]);
        expect(failed).toHaveLength(1);
        expect(isTransientConflict(failed[0])).toBe(true);
        expect(isDatabaseOutage(failed[0])).toBe(false);
      } finally {
        await Promise.all([one.end(), two.end()]);
      }
    });

    it('a batch stuck behind a lock past statement_timeout answers 503 with Retry-After, not 500', async () => {
      const short = await openDatabase({
        kind: 'postgres',
        url: dbUrl,
        poolSize: 4,
        timeouts: { statementMs: 500, idleInTransactionMs: 0 },
      });
      const shortServer = createHttpServer(apiV1Routes({ ...ctx, db: short.db }), ctx.log);
      const shortUrl = (await shortServer.listen(0, '127.0.0.1')).url;
      const other = new pg.Client({ connectionString: dbUrl });
      await other.connect();
      try {
        const id = await acmeId(other);
        await other.query('update accounts set health_stale = false');
        await other.query('begin');
        await other.query(`update accounts set tier = 'held' where id = $1`, [id]);
        const response = await fetch(`${shortUrl}/api/v1/usage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ rows: usageRows([{ a: 0, day: addDays(TODAY, -2) }], 8_888) }),
        });
        await other.query('rollback');
        expect(response.status).toBe(503);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await response.json()).toMatchObject({ error: 'database_unavailable' });
        expect(errors().some((e) => e.err?.code === '57014')).toBe(true);
      } finally {
        await other.end();
        await shortServer.close();
        await short.close();
      }
    });
  });
}
