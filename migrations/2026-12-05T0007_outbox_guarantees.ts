import { type Kysely, sql } from 'kysely';

// Frozen once landed. The outbox's guarantees (issue 10):
// - a channel is leased by one worker at a time through one row per channel (the row is the
//   lock, claimed with SKIP LOCKED), so two replicas can never split a channel;
// - rows say what they are about (kind, account, alert) in columns, so purge and alert clicks
//   do not run LIKE over JSON;
// - ready_at is when a message joins its channel's queue (now, or a snooze's later time);
//   next_attempt_at moves with retries, ready_at never does;
// - the channel row keeps due_at, when its queue next has something to send, so a claim reads
//   an index of due channels instead of probing every channel's head;
// - failing_since starts the retry time budget; a 429 does not spend it;
// - indexes serve the paths that run often: the channel's head, an alert's posts, an
//   account's rows, the failed rows and the sent rows past retention.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('kind', 'text')
    .addColumn('account_id', 'bigint', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('alert_id', 'bigint')
    .addColumn('failing_since', 'timestamptz')
    .addColumn('ready_at', 'timestamptz')
    .execute();
  await sql`update outbox set ready_at = case when attempts = 0 then next_attempt_at
    else created_at end`.execute(db);
  await sql`alter table outbox alter column ready_at set not null`.execute(db);
  await sql`alter table outbox alter column ready_at set default now()`.execute(db);
  await sql`update outbox set kind = coalesce(payload->>'kind', 'message')`.execute(db);
  await sql`update outbox set alert_id = substring(dedupe_key from '^alert:([0-9]+):')::bigint
    where dedupe_key ~ '^alert:[0-9]+:'`.execute(db);
  await sql`update outbox o set account_id = a.account_id from alerts a
    where o.alert_id = a.id`.execute(db);
  await sql`update outbox o set account_id = acc.id
    from accounts acc
    where o.dedupe_key ~ '^renewal:[0-9]+:'
      and acc.id = substring(o.dedupe_key from '^renewal:([0-9]+):')::bigint`.execute(db);
  // Rows naming an alert or account that no longer exists were left by an old purge.
  await sql`delete from outbox where alert_id is not null and account_id is null`.execute(db);
  await sql`alter table outbox alter column kind set not null`.execute(db);
  await sql`alter table outbox alter column kind set default 'message'`.execute(db);
  await sql`alter table outbox drop column locked_until, drop column locked_by`.execute(db);

  await db.schema
    .createTable('outbox_channels')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('leased_by', 'text')
    .addColumn('leased_until', 'timestamptz')
    .addColumn('due_at', 'timestamptz')
    .addPrimaryKeyConstraint('outbox_channels_pk', ['platform', 'channel_id'])
    .execute();
  await sql`insert into outbox_channels (platform, channel_id, due_at)
    select platform, channel_id, min(next_attempt_at) from outbox where status = 'pending'
    group by platform, channel_id`.execute(db);
  await sql`create index outbox_channels_due on outbox_channels (due_at)
    where due_at is not null`.execute(db);

  await sql`drop index if exists outbox_due`.execute(db);
  await sql`create index outbox_pending_head on outbox (platform, channel_id, id)
    where status = 'pending'`.execute(db);
  await sql`create index outbox_alert on outbox (alert_id) where alert_id is not null`.execute(db);
  await sql`create index outbox_account on outbox (account_id)
    where account_id is not null`.execute(db);
  await sql`create index outbox_failed on outbox (id) where status = 'failed'`.execute(db);
  await sql`create index outbox_sent_at on outbox (sent_at) where status = 'sent'`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'outbox_pending_head',
    'outbox_alert',
    'outbox_account',
    'outbox_failed',
    'outbox_sent_at',
  ]) {
    await sql`drop index if exists ${sql.id(index)}`.execute(db);
  }
  await db.schema.dropTable('outbox_channels').ifExists().execute();
  await sql`alter table outbox drop column kind, drop column account_id, drop column alert_id,
    drop column failing_since, drop column ready_at, add column locked_until timestamptz, add column locked_by text`.execute(
    db,
  );
  await sql`create index outbox_due on outbox (next_attempt_at) where status = 'pending'`.execute(
    db,
  );
}
