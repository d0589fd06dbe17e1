import { type Kysely, sql } from 'kysely';

// Frozen once landed. Issue 19:
// - pending_rule_checks (fresh signals): every ingest write queues its touched accounts here in
//   the same transaction, and a frequent light job evaluates the alert rules for just those
//   accounts. One row per account: a burst of batches for one account is one check. The row is
//   deleted by the transaction that evaluates it, so a crash loses nothing.
// - card changes: every write to a table the account card shows sends NOTIFY tend_card with the
//   account ids it touched (comma-separated; '*' for a truncate or a statement touching too
//   many to list; prefixed 'a:' when the accounts rows themselves changed), so each replica's in-process card cache drops exactly those. Triggers, not
//   the store functions, so no writer can forget; per statement, not per row, so a recompute
//   of 20,000 accounts sends one notification, and NOTIFY is delivered only on commit.

const CARD_TABLES = [
  { table: 'accounts', column: 'id' },
  { table: 'health_snapshots', column: 'account_id' },
  { table: 'follow_ups', column: 'account_id' },
  { table: 'alerts', column: 'account_id' },
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pending_rule_checks')
    .addColumn('account_id', 'bigint', (c) =>
      c.primaryKey().references('accounts.id').onDelete('cascade'),
    )
    // Not before this instant: the debounce window after the first batch that queued it.
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('queued_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index pending_rule_checks_due on pending_rule_checks (due_at)`.execute(db);

  for (const [column, prefix] of [
    ['id', 'a:'],
    ['account_id', ''],
  ] as const) {
    // The transition table is named `changed` in every trigger below (new rows for insert and
    // update, old rows for delete); a payload must stay under NOTIFY's 8,000 bytes. Changes to
    // accounts rows are prefixed 'a:' (the lookup index reloads those; cards drop either kind).
    await sql
      .raw(`
      create or replace function tend_notify_card_by_${column}() returns trigger
      language plpgsql as $fn$
      declare ids text;
      begin
        if tg_op = 'TRUNCATE' then
          perform pg_notify('tend_card', '${prefix}*');
          return null;
        end if;
        select string_agg(distinct ${column}::text, ',') into ids from changed;
        if ids is not null then
          perform pg_notify('tend_card',
            '${prefix}' || case when length(ids) > 7000 then '*' else ids end);
        end if;
        return null;
      end
      $fn$`)
      .execute(db);
  }
  for (const { table, column } of CARD_TABLES) {
    const fn = `tend_notify_card_by_${column}()`;
    for (const [op, rows] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['delete', 'old'],
    ] as const) {
      await sql
        .raw(`create trigger ${table}_card_${op} after ${op} on ${table}
          referencing ${rows} table as changed for each statement execute function ${fn}`)
        .execute(db);
    }
    await sql
      .raw(`create trigger ${table}_card_truncate after truncate on ${table}
        for each statement execute function ${fn}`)
      .execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const { table } of CARD_TABLES) {
    for (const op of ['insert', 'update', 'delete', 'truncate']) {
      await sql.raw(`drop trigger if exists ${table}_card_${op} on ${table}`).execute(db);
    }
  }
  await sql`drop function if exists tend_notify_card_by_id()`.execute(db);
  await sql`drop function if exists tend_notify_card_by_account_id()`.execute(db);
  await db.schema.dropTable('pending_rule_checks').ifExists().execute();
}
