import { type Kysely, sql } from 'kysely';

// Frozen once landed. Calm alerts (issue 13):
// - an episode: findings for an account while one of its alerts is open join that alert (the
//   lead) instead of posting their own card; episode_of names the lead (null = a lead);
// - reminded_at: an acknowledged alert with no follow-up or note reminds its assignee once;
// - snooze_reason: "snooze until after <date>" says why;
// - the noise budget counts a channel's alert cards of the last hour (an index on ready_at).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('alerts')
    .addColumn('episode_of', 'bigint', (c) => c.references('alerts.id').onDelete('cascade'))
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('snooze_reason', 'text')
    .execute();
  await sql`create index alerts_episode_of on alerts (episode_of) where episode_of is not null`.execute(
    db,
  );
  // The risk job finds each account's open lead.
  await sql`create index alerts_open_leads on alerts (account_id)
    where episode_of is null and status <> 'resolved'`.execute(db);
  // The hourly noise budget counts each channel's recent alert cards.
  await sql`create index outbox_alert_posts on outbox (ready_at) where kind = 'alert'`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists outbox_alert_posts`.execute(db);
  await sql`drop index if exists alerts_open_leads`.execute(db);
  await sql`drop index if exists alerts_episode_of`.execute(db);
  await db.schema
    .alterTable('alerts')
    .dropColumn('snooze_reason')
    .dropColumn('reminded_at')
    .dropColumn('episode_of')
    .execute();
}
