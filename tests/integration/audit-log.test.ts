import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/app/api-keys';
import { verifyAuditLog } from '../../src/app/audit';
import type { AppContext } from '../../src/app/context';
import { runAudited } from '../../src/cli/audited-run';
import { findCommand } from '../../src/cli/commands';
import type { CliIo } from '../../src/cli/io';
import { apiV1Routes } from '../../src/http/routes/api-v1';
import { createHttpServer } from '../../src/http/server';
import { silentLogger } from '../../src/log';
import { appendAudit, trimAuditLog } from '../../src/store/audit-log';
import { describeEachDatabase, freshPostgres, truncateAll } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    out: (t) => lines.push(t),
    err: (t) => lines.push(t),
    interactive: false,
    cwd: '/tmp',
  };
}

async function cli(ctx: AppContext, ...argv: string[]) {
  const [name, ...args] = argv;
  const io = captureIo();
  const command = findCommand(name ?? '');
  if (!command) throw new Error(`no command ${name}`);
  const code = await runAudited(command, args, ctx, io);
  return { code, text: io.lines.join('\n') };
}

const entries = (ctx: AppContext) =>
  ctx.db
    .selectFrom('audit_log')
    .select(['id', 'actor', 'action', 'origin', 'place', 'details', 'prev_hash', 'hash'])
    .orderBy('id')
    .execute();

describeEachDatabase('audit log', (get) => {
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = testContext(get(), '2026-12-06T09:00:00Z');
    await insertAccount(ctx.db, { external_id: 'acme', name: 'Acme Corp' });
  });

  it('records a CLI write with who, what, where and the tables; a read leaves nothing', async () => {
    expect((await cli(ctx, 'health', 'acme')).code).toBe(0);
    expect(await entries(ctx)).toEqual([]);
    expect((await cli(ctx, 'api-key', 'create', 'crm')).code).toBe(0);
    const rows = await entries(ctx);
    // The use case's own entry and the edge's entry, chained.
    expect(rows.map((r) => [r.action, r.origin])).toEqual([
      ['api_key.create', 'cli'],
      ['tend api-key create', 'cli'],
    ]);
    expect(rows[1]).toMatchObject({
      actor: expect.stringMatching(/^cli:/),
      place: '/tmp',
      details: { tables: ['api_keys'], outcome: 'ok' },
      prev_hash: rows[0]?.hash,
    });
    expect(rows[0]?.prev_hash).toBeNull();
  });

  it('records an API write (who: the key, what: the route); an API read leaves nothing', async () => {
    const server = createHttpServer(apiV1Routes(ctx), silentLogger);
    const base = (await server.listen(0, '127.0.0.1')).url;
    try {
      const { key } = await createApiKey(ctx, 'sync');
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const before = (await entries(ctx)).length;
      const read = await fetch(`${base}/api/v1/accounts/acme/health`, { headers });
      expect(read.status).toBe(200);
      expect(await entries(ctx)).toHaveLength(before);
      const write = await fetch(`${base}/api/v1/accounts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ rows: [{ external_id: 'acme', name: 'Acme Corporation' }] }),
      });
      expect(write.status).toBe(200);
      // One entry per transaction that wrote a table the request's entries did not name yet,
      // each committed with its write: the ingest, then the health recompute after it.
      const mine = (await entries(ctx)).filter((r) => r.origin === 'api');
      expect(mine).toEqual([
        expect.objectContaining({
          actor: 'api:sync',
          action: 'POST /api/v1/accounts',
          details: { tables: expect.arrayContaining(['accounts']), outcome: 'ok' },
        }),
        expect.objectContaining({
          action: 'POST /api/v1/accounts',
          details: { tables: ['health_snapshots'], outcome: 'ok' },
        }),
      ]);
      // Cleanup for the counts below: the key's own audit entry and the write's stay chained.
      await sql`delete from audit_log where id > 2`.execute(ctx.db);
    } finally {
      await server.close();
    }
  });

  it('verify passes on an intact chain and names an edited row', async () => {
    for (let i = 0; i < 3; i++) {
      await appendAudit(
        ctx.db,
        { actor: `u${i}`, action: 'test.write', details: { i } },
        ctx.clock.now(),
      );
    }
    const ok = await cli(ctx, 'audit', 'verify');
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.text).toMatch(/audit log intact: 5 entries; head [0-9a-f]{64}/);

    const victim = (await entries(ctx))[3]!;
    await sql`update audit_log set details = '{"i": 99}'::jsonb where id = ${victim.id}`.execute(
      ctx.db,
    );
    const edited = await cli(ctx, 'audit', 'verify');
    expect(edited.code).toBe(1);
    expect(edited.text).toContain(
      `audit entry ${victim.id}: actor, subject or details were changed`,
    );
    // An edit that also fixes the row's own hash is caught by the next row.
    await sql`update audit_log set details = ${JSON.stringify(victim.details)}::jsonb,
      action = 'test.other' where id = ${victim.id}`.execute(ctx.db);
    expect((await cli(ctx, 'audit', 'verify')).text).toContain(
      `audit entry ${victim.id}: time, action, origin or place were changed`,
    );
    await sql`update audit_log set action = 'test.write' where id = ${victim.id}`.execute(ctx.db);
    expect((await cli(ctx, 'audit', 'verify')).code).toBe(0);
  });

  it('verify names the row after a deleted one, and a trimmed head only when retention did it', async () => {
    const rows = await entries(ctx);
    const [, second, third] = rows;
    await sql`delete from audit_log where id = ${second!.id}`.execute(ctx.db);
    const broken = await cli(ctx, 'audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.text).toContain(
      `audit entry ${third!.id}: the row before it was deleted or changed`,
    );
    await truncateAll(get());
    await insertAccount(ctx.db, { external_id: 'acme', name: 'Acme Corp' });

    const at = (iso: string) => new Date(iso);
    for (const day of ['2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01']) {
      await appendAudit(ctx.db, { actor: 'x', action: 'test.write' }, at(`${day}T00:00:00Z`));
    }
    expect(await trimAuditLog(ctx.db, at('2026-02-15T00:00:00Z'), at('2026-05-01T00:00:00Z'))).toBe(
      2,
    );
    expect((await verifyAuditLog(ctx)).problems).toEqual([]);
    // Deleting the new head by hand (no trim entry names it) is caught.
    const first = (await entries(ctx))[0]!;
    await sql`delete from audit_log where id = ${first.id}`.execute(ctx.db);
    const after = await verifyAuditLog(ctx);
    expect(after.problems).toEqual([
      {
        id: first.id + 1,
        problem: 'the rows before it are missing (deleted without a retention trim)',
        msg: { key: 'audit.rowsMissing' },
      },
    ]);
  });

  it('an anchor kept elsewhere (`tend audit head`) catches a deleted tail that the chain alone cannot', async () => {
    await truncateAll(get());
    const at = (iso: string) => new Date(iso);
    for (const day of ['2026-01-01', '2026-02-01', '2026-03-01']) {
      await appendAudit(ctx.db, { actor: 'x', action: 'test.write' }, at(`${day}T00:00:00Z`));
    }
    // Retention trims one; the count still holds it, so a trim is not mistaken for a deletion.
    expect(await trimAuditLog(ctx.db, at('2026-01-15T00:00:00Z'), at('2026-04-01T00:00:00Z'))).toBe(
      1,
    );
    await appendAudit(ctx.db, { actor: 'y', action: 'test.write' }, at('2026-04-02T00:00:00Z'));
    const printed = await cli(ctx, 'audit', 'head');
    expect(printed.code).toBe(0);
    const m = /^head ([0-9a-f]{64}) count (\d+)$/.exec(printed.text);
    expect(m?.[2]).toBe('5');
    const [head, count] = [m?.[1] as string, m?.[2] as string];
    const anchored = () =>
      cli(ctx, 'audit', 'verify', '--expect-head', head, '--expect-count', count);
    expect((await anchored()).code).toBe(0);
    // Newer entries after the anchor are fine.
    await appendAudit(ctx.db, { actor: 'z', action: 'test.write' }, at('2026-04-03T00:00:00Z'));
    expect((await anchored()).code).toBe(0);
    // Someone deletes the two newest entries: the chain that is left verifies on its own …
    const tail = (await entries(ctx)).slice(-2).map((r) => r.id);
    await sql`delete from audit_log where id in (${sql.join(tail)})`.execute(ctx.db);
    expect((await cli(ctx, 'audit', 'verify')).code).toBe(0);
    // … but not against the anchor.
    const byHead = await cli(ctx, 'audit', 'verify', '--expect-head', head);
    expect(byHead.code).toBe(1);
    expect(byHead.text).toContain(`the anchored head ${head} is not in the chain`);
    const byCount = await cli(ctx, 'audit', 'verify', '--expect-count', count);
    expect(byCount.code).toBe(1);
    expect(byCount.text).toContain('the chain holds 4 entries, fewer than the anchored 5');
    expect((await cli(ctx, 'audit', 'verify', '--expect-head', 'nope')).code).toBe(2);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)(
  'audit log chain under concurrent writers [postgres]',
  () => {
    it('never forks: 60 writers on 5 connections leave one chain', async () => {
      const handle = await freshPostgres();
      try {
        const ctx = testContext(handle, '2026-12-06T09:00:00Z');
        await Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            // Half chain inside a transaction that does other work first, as use cases do.
            i % 2
              ? appendAudit(ctx.db, { actor: `w${i}`, action: 'test.concurrent' }, ctx.clock.now())
              : ctx.db.transaction().execute(async (trx) => {
                  await sql`select pg_sleep(0.005)`.execute(trx);
                  await appendAudit(
                    trx,
                    { actor: `w${i}`, action: 'test.concurrent' },
                    ctx.clock.now(),
                  );
                }),
          ),
        );
        const rows = await entries(ctx);
        expect(rows).toHaveLength(60);
        const prevs = new Set(rows.map((r) => r.prev_hash));
        expect(prevs.size).toBe(60);
        expect((await verifyAuditLog(ctx)).problems).toEqual([]);
      } finally {
        await handle.close();
      }
    });
  },
);
