import { type Kysely, sql } from 'kysely';

// Frozen once landed. Fresh signals (issue 19, item 5): every ingest write queues its touched
// accounts here in the same transaction, and a frequent light job evaluates the alert rules for
// just those accounts. One row per account: a burst of batches for one account is one check.
// The row is deleted by the transaction that evaluates it, so a crash loses nothing.

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
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pending_rule_checks').ifExists().execute();
}
