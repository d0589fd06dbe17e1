import { type Kysely, sql } from 'kysely';

// Frozen once landed. Adds what the risk job needs to tell "the condition is still there"
// from "the condition came back": an alert fires again only after it was resolved AND the
// condition went away (last_seen_on stops moving) or changed (another condition_key).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('alerts')
    .addColumn('last_seen_on', 'date')
    .addColumn('condition_key', 'text')
    .execute();
  // The risk job looks up the latest alert per (account, rule), resolved ones included.
  await sql`create index alerts_account_rule_latest on alerts (account_id, rule, fired_at desc)`.execute(
    db,
  );
  // The worker claims by channel; status pages list failures.
  await sql`create index outbox_status on outbox (status, created_at desc) where status <> 'sent'`.execute(
    db,
  );
  await sql`create index job_runs_started on job_runs (started_at desc)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists job_runs_started`.execute(db);
  await sql`drop index if exists outbox_status`.execute(db);
  await sql`drop index if exists alerts_account_rule_latest`.execute(db);
  await db.schema
    .alterTable('alerts')
    .dropColumn('condition_key')
    .dropColumn('last_seen_on')
    .execute();
}
