import { type Kysely, sql } from 'kysely';

// Frozen once landed. Personal alert routing and follows (issue 13, points 3, 6 and 7):
// - chat_users.tz: the person's IANA time zone (Slack users.info `tz`, Teams `localTimezone`),
//   for their working and quiet hours and their due dates;
// - alert_routing: one row per chat user who chose something (no row = the defaults: owners get
//   their own accounts' alerts by DM and in the account's channel);
// - account_follows: a person (DM) or a channel that follows an account gets its alerts too;
// - away_alerts: DMs held back while a person is away (quiet hours, outside working hours),
//   released as one catch-up message when the away window ends (away_until).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chat_users').addColumn('tz', 'text').execute();
  await db.schema
    .createTable('alert_routing')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('delivery', 'text', (c) =>
      c.notNull().defaultTo('both').check(sql`delivery in ('dm', 'channel', 'both')`),
    )
    .addColumn('scope', 'text', (c) =>
      c.notNull().defaultTo('mine').check(sql`scope in ('mine', 'team', 'all')`),
    )
    .addColumn('filters', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // 'HH:MM-HH:MM' in the person's time zone; null = not set.
    .addColumn('work_hours', 'text')
    .addColumn('quiet_hours', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_routing_pk', ['platform', 'user_id'])
    .execute();
  await db.schema
    .createTable('account_follows')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    // A channel id, or a person's user id (their DM) when target_kind is 'person'.
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) =>
      c.notNull().check(sql`target_kind in ('person', 'channel')`),
    )
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('account_follows_once', ['platform', 'target_id', 'account_id'])
    .execute();
  await sql`create index account_follows_account on account_follows (account_id)`.execute(db);
  await db.schema
    .createTable('away_alerts')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('away_until', 'timestamptz', (c) => c.notNull())
    .addColumn('held_at', 'timestamptz', (c) => c.notNull())
    .addColumn('released_at', 'timestamptz')
    .addPrimaryKeyConstraint('away_alerts_pk', ['platform', 'user_id', 'alert_id'])
    .execute();
  await sql`create index away_alerts_due on away_alerts (away_until) where released_at is null`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('away_alerts').execute();
  await db.schema.dropTable('account_follows').execute();
  await db.schema.dropTable('alert_routing').execute();
  await db.schema.alterTable('chat_users').dropColumn('tz').execute();
}
