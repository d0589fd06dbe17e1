import { type Kysely, sql } from 'kysely';

// Frozen once landed. /stats reads every account's band on four edge days (issue 14): with the
// account and band carried in an index on the day, that is an index-only range read of those
// days' entries instead of one heap fetch per snapshot (the plain index on day stays for the
// other readers by day).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists health_snapshots_day_account_band
    on health_snapshots (day, account_id) include (band)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists health_snapshots_day_account_band`.execute(db);
}
