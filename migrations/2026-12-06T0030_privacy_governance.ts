import { type Kysely, sql } from 'kysely';

// Frozen once landed. Privacy and governance (issue 17):
// - audit_log entries say where a write came from (origin: cli, api, slack, teams; place: the
//   channel or route) and form a hash chain: each row stores its predecessor's hash, so a
//   deleted or edited row breaks the chain (`tend audit verify`). The personal part of a row
//   (actor, subject, details) enters the chain only through a salted digest, so erasing a person
//   can blank those fields and drop the salt without breaking the chain or leaving a digest
//   that could be matched against their e-mail.
// - API keys get a role: existing keys keep ingesting ('ingest'); privacy routes need 'admin'.
// - channel_policies caches whether a chat channel is shared outside the organisation (Slack
//   Connect, Teams guests) and keeps an admin's explicit permission to post there anyway.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('origin', 'text')
    .addColumn('place', 'text')
    .addColumn('salt', 'text')
    .addColumn('content_digest', 'text')
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text')
    .addColumn('erased_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('api_keys')
    .addColumn('role', 'text', (c) =>
      c.notNull().defaultTo('ingest').check(sql`role in ('ingest', 'admin')`),
    )
    .execute();
  await db.schema
    .createTable('channel_policies')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('external', 'boolean')
    .addColumn('reason', 'text')
    .addColumn('checked_at', 'timestamptz')
    .addColumn('allowed_by', 'text')
    .addColumn('allowed_at', 'timestamptz')
    .addPrimaryKeyConstraint('channel_policies_pk', ['platform', 'channel_id'])
    .execute();
  await sql`create index survey_answers_respondent on survey_answers (lower(respondent))`.execute(
    db,
  );
  await sql`create index chat_users_fetched on chat_users (fetched_at)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists chat_users_fetched`.execute(db);
  await sql`drop index if exists survey_answers_respondent`.execute(db);
  await db.schema.dropTable('channel_policies').ifExists().execute();
  await db.schema.alterTable('api_keys').dropColumn('role').execute();
  await db.schema
    .alterTable('audit_log')
    .dropColumn('origin')
    .dropColumn('place')
    .dropColumn('salt')
    .dropColumn('content_digest')
    .dropColumn('prev_hash')
    .dropColumn('hash')
    .dropColumn('erased_at')
    .execute();
}
