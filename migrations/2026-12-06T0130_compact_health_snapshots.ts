import { type Kysely, sql } from 'kysely';

// Frozen once landed. Issue 19 item 2 (recompute near its floor): a daily snapshot stores its
// measures as compact facts (codes and numbers, store/health-codec.ts) and no drivers: readers
// derive the drivers from the measures and word them in their own language. New rows leave
// `drivers` null. Rows written before keep their worded measures and English drivers, and
// readers tell the two apart by shape, so nothing is rewritten here (a table of months of
// daily snapshots is large, and English drivers cannot be turned back into facts reliably).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table health_snapshots alter column drivers drop not null`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  // Code from before cannot read compact rows: they go, and the next recompute (or
  // `tend health recompute --backfill N`) writes them again in the old form.
  await sql`delete from health_snapshots where drivers is null`.execute(db);
  await sql`alter table health_snapshots alter column drivers set not null`.execute(db);
}
