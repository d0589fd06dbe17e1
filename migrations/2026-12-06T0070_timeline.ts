import { type Kysely, sql } from 'kysely';

// Frozen once landed. The account timeline (issue 15): touchpoints logged by people (a call,
// a meeting, an e-mail… with /touch; a chat message saved with "Log to account"; a note on an
// account with no open alert). Everything else on the timeline is read from the tables that
// already hold it (alerts, alert notes, follow-ups, loops, renewals, health snapshots), so
// nothing is stored twice.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('touchpoints')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('call', 'meeting', 'email', 'demo', 'qbr', 'message', 'note', 'other')`,
        ),
    )
    .addColumn('text', 'text', (c) => c.notNull())
    // Who logged it (display name), and, for a saved chat message, who wrote the message.
    .addColumn('logged_by', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('platform', 'text', (c) => c.notNull())
    // A saved chat message: a link back to it (Slack permalink, Teams message link).
    .addColumn('link', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    // A retried command or submission records one touchpoint.
    .addColumn('request_key', 'text', (c) => c.unique())
    .execute();
  // The timeline of one account, newest first.
  await db.schema
    .createIndex('touchpoints_account_at')
    .on('touchpoints')
    .columns(['account_id', 'at desc'])
    .execute();
  // The cadence check: every account's latest touch (notes are not a touch) read from the
  // index alone, one short descent per account.
  await sql`create index touchpoints_latest_touch on touchpoints (account_id, at desc)
    where kind <> 'note'`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('touchpoints').ifExists().execute();
}
