import { type Kysely, sql } from 'kysely';

// Frozen once landed. The weekly metrics digest (issue 14, point 3): a channel subscription of
// kind 'metrics' posts the team metrics card on schedule; `weekday` (0 = Sunday … 6 = Saturday)
// makes any scheduled subscription weekly on that day, null keeps it daily.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // The foundation's inline check got Postgres' default name.
  await sql`alter table channel_subscriptions
    drop constraint if exists channel_subscriptions_kind_check`.execute(db);
  await sql`alter table channel_subscriptions add constraint channel_subscriptions_kind_check
    check (kind in ('digest', 'alerts', 'renewals', 'metrics'))`.execute(db);
  await db.schema
    .alterTable('channel_subscriptions')
    .addColumn('weekday', 'smallint', (c) => c.check(sql`weekday between 0 and 6`))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from channel_subscriptions where kind = 'metrics'`.execute(db);
  await db.schema.alterTable('channel_subscriptions').dropColumn('weekday').execute();
  await sql`alter table channel_subscriptions
    drop constraint if exists channel_subscriptions_kind_check`.execute(db);
  await sql`alter table channel_subscriptions add constraint channel_subscriptions_kind_check
    check (kind in ('digest', 'alerts', 'renewals'))`.execute(db);
}
