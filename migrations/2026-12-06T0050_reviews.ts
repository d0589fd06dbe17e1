import { type Kysely, sql } from 'kysely';

// Frozen once landed. Churn and save reviews (issue 14): why an account was lost or kept, the
// timeline Tend built from its record when the review was written (kept as written: the
// record may be purged or change later), and what the team learned.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_reviews')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('churn', 'save')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('learned', 'text')
    .addColumn('timeline', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // A retried submission records one review.
    .addColumn('request_key', 'text', (c) => c.unique())
    .execute();
  await db.schema
    .createIndex('account_reviews_created')
    .on('account_reviews')
    .column('created_at')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('account_reviews').ifExists().execute();
}
