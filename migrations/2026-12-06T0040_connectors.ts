import { type Kysely, sql } from 'kysely';

// Frozen once landed. Connectors (issue 18): Segment-compatible tracking, Zendesk webhooks and
// the HubSpot sync.
// - track_messages: every messageId taken, so a resent event (a client retry after a lost
//   answer) is counted once; pruned after connectors.segment.messageIdDays.
// - track_users / track_features: who was active on an account's day and which core features
//   were used, the raw material daily usage is rolled up from (a distinct count cannot be
//   added up batch by batch without them). Pruned with usage (retention.usageDays).
// - track_user_groups: a user's account from `group` calls, for track events that name none.
// - track_group_seats: the seats a `group` call last said, written into daily usage.
// - connector_state: per connector counts, last success, last error and the sync cursor.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('track_messages')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create index track_messages_received on track_messages (received_at)`.execute(db);

  await db.schema
    .createTable('track_users')
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('track_users_pk', ['account_id', 'day', 'user_id'])
    .execute();
  await sql`create index track_users_day on track_users (day)`.execute(db);

  await db.schema
    .createTable('track_features')
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('feature', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('track_features_pk', ['account_id', 'day', 'feature'])
    .execute();
  await sql`create index track_features_day on track_features (day)`.execute(db);

  await db.schema
    .createTable('track_user_groups')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('track_group_seats')
    .addColumn('account_id', 'bigint', (c) =>
      c.primaryKey().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('seats', 'integer')
    .execute();

  await db.schema
    .createTable('connector_state')
    .addColumn('connector', 'text', (c) => c.primaryKey())
    .addColumn('received', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('written', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicates', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('last_error_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('cursor', 'text')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'connector_state',
    'track_group_seats',
    'track_user_groups',
    'track_features',
    'track_users',
    'track_messages',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
