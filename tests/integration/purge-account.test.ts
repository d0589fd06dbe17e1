import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../src/app/alerts';
import type { AppContext } from '../../src/app/context';
import { purgeAccount } from '../../src/app/purge-account';
import { runRenewalJob } from '../../src/app/renewal-reminders';
import type { CliIo } from '../../src/cli/io';
import { purgeAccountCommand } from '../../src/cli/purge-account';
import type { Sender } from '../../src/delivery/sender';
import { createOutboxWorker } from '../../src/delivery/worker';
import { TendError } from '../../src/errors';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';
import { seedPortfolio } from '../helpers/jobs-fixtures';

/** Every table with an account_id column, read from the catalog: a new table is covered too. */
async function accountTables(ctx: AppContext): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.column_name = 'account_id' and c.table_schema = current_schema()
      and t.table_type = 'BASE TABLE'
    order by 1`.execute(ctx.db);
  return rows.map((r) => r.table_name);
}

async function rowsOf(ctx: AppContext, table: string, accountId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from ${sql.table(table)} where account_id = ${accountId}`.execute(
    ctx.db,
  );
  return rows[0]?.n ?? 0;
}

describeEachDatabase('purge-account', (get) => {
  let ctx: AppContext;
  let ids: { acme: number; beta: number; gamma: number };

  beforeAll(async () => {
    ctx = testContext(get(), '2026-11-23T10:00:00Z');
    ids = await seedPortfolio(ctx.db, '2026-11-23');
    await ctx.db
      .insertInto('follow_ups')
      .values(
        [ids.acme, ids.beta].map((id) => ({ account_id: id, title: 'call', created_by: 'test' })),
      )
      .execute();
    // Real jobs put real messages about the accounts in the outbox; some are sent.
    await ctx.db
      .updateTable('accounts')
      .set({ slack_channel: 'CBETA' })
      .where('id', '=', ids.beta)
      .execute();
    await runRiskJob(ctx);
    await runRenewalJob(ctx);
    let n = 0;
    const platform: Sender = {
      post: async () => ({ messageRef: JSON.stringify({ channel: 'C', ts: `1.${++n}` }) }),
      update: async () => {},
    };
    await createOutboxWorker(ctx, {
      instance: 't',
      senders: { slack: platform },
      sleep: async () => {},
    }).runUntilIdle();
    await runRiskJob(ctx);
  });

  it('refuses an ambiguous or unknown account and deletes nothing', async () => {
    await insertAccount(ctx.db, { external_id: 'acme-2', name: 'Acme Two' });
    const error = await purgeAccount(ctx, 'acm', 'test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TendError);
    expect((error as TendError).message).toContain('2 accounts match');
    expect(await ctx.db.selectFrom('accounts').select('id').execute()).toHaveLength(4);
  });

  it('deletes the account from every table, the outbox included, keeps the others, and audits it', async () => {
    const tables = await accountTables(ctx);
    expect(tables).toEqual(
      expect.arrayContaining(['alerts', 'outbox', 'usage_daily', 'follow_ups']),
    );
    const alertIds = (
      await ctx.db.selectFrom('alerts').select('id').where('account_id', '=', ids.acme).execute()
    ).map((a) => a.id);
    expect(alertIds.length).toBeGreaterThan(0);
    // There is something to purge in the outbox, sent and not, and the others have rows too.
    const acmeOutbox = await ctx.db
      .selectFrom('outbox')
      .select('status')
      .where('account_id', '=', ids.acme)
      .execute();
    expect(acmeOutbox.some((r) => r.status === 'sent')).toBe(true);
    const before = Object.fromEntries(
      await Promise.all(tables.map(async (t) => [t, await rowsOf(ctx, t, ids.beta)] as const)),
    );
    expect(before.outbox).toBeGreaterThan(0);

    const report = await purgeAccount(ctx, 'acme', 'cli:test');
    expect(report.deleted.outbox).toBe(acmeOutbox.length);

    for (const table of tables)
      expect({ table, rows: await rowsOf(ctx, table, ids.acme) }).toEqual({ table, rows: 0 });
    const events = await ctx.db
      .selectFrom('alert_events')
      .select('id')
      .where('alert_id', 'in', alertIds)
      .execute();
    expect(events).toEqual([]);
    // Nothing left anywhere in the outbox names it.
    const named = await sql<{ n: number }>`
      select count(*)::int as n from outbox where payload::text like '%Acme Corp%'`.execute(ctx.db);
    expect(named.rows[0]?.n).toBe(0);
    // The other accounts keep every row.
    for (const table of tables) expect(await rowsOf(ctx, table, ids.beta)).toBe(before[table]);
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject'])
      .where('action', '=', 'account.purge')
      .execute();
    expect(audit).toEqual([{ actor: 'cli:test', action: 'account.purge', subject: 'acme' }]);
  });

  it('--export hands the data over first (every account table, 0600), and refuses to overwrite a file', async () => {
    const tables = await accountTables(ctx);
    const before = Object.fromEntries(
      await Promise.all(tables.map(async (t) => [t, await rowsOf(ctx, t, ids.beta)] as const)),
    );
    const dir = mkdtempSync(join(tmpdir(), 'tend-purge-'));
    const lines: string[] = [];
    const io: CliIo = {
      out: (t) => lines.push(t),
      err: (t) => lines.push(t),
      interactive: false,
      cwd: dir,
    };
    writeFileSync(join(dir, 'taken.json'), 'x');
    const refused = await purgeAccountCommand
      .run(['beta', '--yes', '--export', 'taken.json'], ctx, io)
      .catch((e: unknown) => e);
    expect((refused as TendError).message).toContain('taken.json exists');
    expect(await rowsOf(ctx, 'usage_daily', ids.beta)).toBe(before.usage_daily);

    expect(await purgeAccountCommand.run(['beta', '--yes', '--export', 'beta.json'], ctx, io)).toBe(
      0,
    );
    const file = join(dir, 'beta.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc.account).toMatchObject({ external_id: 'beta', name: 'Beta GmbH' });
    for (const table of tables)
      expect({ table, rows: doc.records[table]?.length ?? 0 }).toEqual({
        table,
        rows: before[table],
      });
    for (const table of tables) expect(await rowsOf(ctx, table, ids.beta)).toBe(0);
    expect(lines.join('\n')).toMatch(/exported \d+ records of Beta GmbH/);
  });
});
