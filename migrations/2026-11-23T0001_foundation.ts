import { type Kysely, sql } from 'kysely';

// Frozen once landed: later changes go into new migrations. Migrations take Kysely<any>
// on purpose (kysely's advice) so they never depend on the app's current types.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('domain', 'text')
    .addColumn('segment', 'text')
    .addColumn('tier', 'text')
    .addColumn('arr', sql`numeric(14,2)`)
    .addColumn('owner_email', 'text')
    .addColumn('contract_start', 'date')
    .addColumn('renewal_date', 'date')
    .addColumn('slack_channel', 'text')
    .addColumn('teams_channel', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active', 'churned')`),
    )
    // Set when data arrives for the account; the next recompute clears it.
    .addColumn('health_stale', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('accounts_arr_non_negative', sql`arr is null or arr >= 0`)
    .execute();
  await sql`create index accounts_name_lower on accounts (lower(name) text_pattern_ops)`.execute(
    db,
  );
  await sql`create index accounts_domain_lower on accounts (lower(domain))`.execute(db);
  await sql`create index accounts_owner on accounts (lower(owner_email))`.execute(db);
  await db.schema.createIndex('accounts_renewal').on('accounts').column('renewal_date').execute();

  await db.schema
    .createTable('usage_daily')
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('active_users', 'integer', (c) => c.notNull().check(sql`active_users >= 0`))
    .addColumn('seats', 'integer', (c) => c.check(sql`seats >= 0`))
    .addColumn('logins', 'integer', (c) => c.notNull().defaultTo(0).check(sql`logins >= 0`))
    .addColumn('core_features_used', 'integer', (c) => c.check(sql`core_features_used >= 0`))
    .addColumn('core_features_total', 'integer', (c) => c.check(sql`core_features_total >= 0`))
    .addPrimaryKeyConstraint('usage_daily_pk', ['account_id', 'day'])
    .execute();
  // Recompute scans usage by day window across all accounts.
  await db.schema.createIndex('usage_daily_day').on('usage_daily').column('day').execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('priority', 'text', (c) =>
      c.notNull().check(sql`priority in ('low', 'normal', 'high', 'urgent')`),
    )
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'pending', 'closed')`),
    )
    .addColumn('subject', 'text')
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await sql`create index tickets_open on tickets (account_id) where status <> 'closed'`.execute(db);

  await db.schema
    .createTable('survey_answers')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('nps', 'csat')`))
    .addColumn('score', 'smallint', (c) => c.notNull())
    .addColumn('respondent', 'text')
    .addColumn('comment', 'text')
    .addColumn('answered_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'survey_score_range',
      sql`(kind = 'nps' and score between 0 and 10) or (kind = 'csat' and score between 1 and 5)`,
    )
    .execute();
  await db.schema
    .createIndex('survey_answers_account_day')
    .on('survey_answers')
    .columns(['account_id', 'answered_on'])
    .execute();

  await db.schema
    .createTable('health_snapshots')
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('score', 'smallint', (c) => c.check(sql`score between 0 and 100`))
    .addColumn('band', 'text', (c) => c.check(sql`band in ('green', 'yellow', 'red')`))
    .addColumn('measures', 'jsonb', (c) => c.notNull())
    .addColumn('drivers', 'jsonb', (c) => c.notNull())
    .addColumn('onboarding', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('health_snapshots_pk', ['account_id', 'day'])
    .execute();
  await db.schema
    .createIndex('health_snapshots_day')
    .on('health_snapshots')
    .column('day')
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open', 'acknowledged', 'resolved')`),
    )
    .addColumn('severity', 'text', (c) => c.notNull().defaultTo('warning'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('fired_at', 'timestamptz', (c) => c.notNull())
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'text')
    .addColumn('assignee', 'text')
    .addColumn('snoozed_until', 'timestamptz')
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'text')
    .execute();
  // One open alert per (account, rule): it may fire again only once resolved.
  await sql`create unique index alerts_one_open on alerts (account_id, rule) where status <> 'resolved'`.execute(
    db,
  );
  await sql`create index alerts_unresolved on alerts (status, fired_at) where status <> 'resolved'`.execute(
    db,
  );

  await db.schema
    .createTable('alert_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('alert_id', 'bigint', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    // A retried request or a double click carries the same key and is recorded once.
    .addColumn('request_key', 'text', (c) => c.unique())
    .execute();
  await db.schema
    .createIndex('alert_events_alert')
    .on('alert_events')
    .columns(['alert_id', 'at'])
    .execute();

  await db.schema
    .createTable('follow_ups')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_email', 'text')
    .addColumn('due_on', 'date')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('open').check(sql`status in ('open', 'done')`),
    )
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('chat'))
    .addColumn('alert_id', 'bigint', (c) => c.references('alerts.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'text')
    .addColumn('request_key', 'text', (c) => c.unique())
    .execute();
  await sql`create index follow_ups_open_owner on follow_ups (lower(owner_email), due_on) where status = 'open'`.execute(
    db,
  );
  await db.schema.createIndex('follow_ups_account').on('follow_ups').column('account_id').execute();

  await db.schema
    .createTable('channel_subscriptions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) =>
      c.notNull().check(sql`platform in ('slack', 'teams', 'local')`),
    )
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('digest', 'alerts', 'renewals')`),
    )
    .addColumn('filters', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('at_time', 'text', (c) => c.notNull().defaultTo('09:00'))
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('weekdays_only', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('paused_until', 'timestamptz')
    .addColumn('catch_up_pending', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('last_sent_at', 'timestamptz')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('channel_subscriptions_channel')
    .on('channel_subscriptions')
    .columns(['platform', 'channel_id'])
    .execute();

  await db.schema
    .createTable('chat_users')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('display_name', 'text')
    .addColumn('fetched_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('chat_users_pk', ['platform', 'user_id'])
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    // What the message is about (alert, reminder, digest slot): enqueueing twice is a no-op.
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sent', 'failed')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('message_ref', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index outbox_due on outbox (next_attempt_at) where status = 'pending'`.execute(
    db,
  );

  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('slot', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('running').check(sql`status in ('running', 'done', 'failed')`),
    )
    .addColumn('summary', 'jsonb')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'slot'])
    .execute();

  await db.schema
    .createTable('renewal_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('renewal_date', 'date', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('reminder', 'renewed', 'churned', 'snoozed', 'plan_started')`),
    )
    .addColumn('window_days', 'integer')
    .addColumn('new_renewal_date', 'date')
    .addColumn('actor', 'text')
    .addColumn('platform', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .execute();
  // A reminder goes out once per (account, renewal date, window).
  await sql`create unique index renewal_reminder_once on renewal_events (account_id, renewal_date, window_days) where kind = 'reminder'`.execute(
    db,
  );

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_log',
    'api_keys',
    'renewal_events',
    'job_runs',
    'outbox',
    'chat_users',
    'channel_subscriptions',
    'follow_ups',
    'alert_events',
    'alerts',
    'health_snapshots',
    'survey_answers',
    'tickets',
    'usage_daily',
    'accounts',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
