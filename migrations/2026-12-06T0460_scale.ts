import { type Kysely, sql } from 'kysely';

// Frozen once landed. Issue 19, the scale curve (`npm run bench -- scale`):
// The account card lists an account's newest open alerts (tend_account_card: account,
// status <> 'resolved', order by fired_at desc, id desc, limit 5). No index served that
// order per account, so the planner could walk alerts_fired_at (0340) backwards over every
// alert and filter by account, which it does whenever alerts' statistics are young (after a
// first risk run fires tens of thousands of alerts): /health cost grew with the alert count
// (200,000 accounts, 60,000 open alerts: 2,800 pages read per card). With this index the
// per-account read is the cheapest plan under any statistics: a few pages at any size.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index alerts_open_by_account on alerts (account_id, fired_at desc, id desc)
    where status <> 'resolved'`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists alerts_open_by_account`.execute(db);
}
