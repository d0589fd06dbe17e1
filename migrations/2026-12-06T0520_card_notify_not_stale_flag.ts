import { type Kysely, sql } from 'kysely';

// Frozen once landed. Issue 19: an update of accounts rows that only flips `health_stale` (an
// ingest marking its accounts stale, a recompute clearing them) fired the card trigger of 0060
// with every row it touched: over ~1,000 rows that is 'a:*', and every replica dropped its
// whole card cache and reloaded every account name, several times per bulk load, for a flag no
// card and no lookup shows (the card is rebuilt when the recompute's snapshots notify).
// Updates now notify only the rows whose other columns changed. The comparison names the
// columns rather than comparing whole rows as jsonb (to_jsonb of both images cost ~8× the
// update itself on 20,000 rows); a migration adding a column to accounts must add it here
// too, which tests/integration/card-notify-stale.test.ts checks column by column.

const SHOWN = [
  'external_id',
  'name',
  'domain',
  'segment',
  'tier',
  'arr',
  'owner_email',
  'contract_start',
  'renewal_date',
  'slack_channel',
  'teams_channel',
  'status',
  'created_at',
  'updated_at',
];

const row = (alias: string) => `(${SHOWN.map((c) => `${alias}.${c}`).join(', ')})`;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  // Old and new images paired by ctid order would be fragile; by id they pair exactly, and a
  // row whose id changed shows up unpaired on both sides (both ids are named).
  await sql
    .raw(`
    create or replace function tend_notify_card_accounts_update() returns trigger
    language plpgsql as $fn$
    declare ids text;
    begin
      select string_agg(distinct coalesce(n.id, o.id)::text, ',') into ids
      from changed n full join changed_old o on o.id = n.id
      where n.id is null or o.id is null or ${row('n')} is distinct from ${row('o')};
      if ids is not null then
        perform pg_notify('tend_card', 'a:' || case when length(ids) > 7000 then '*' else ids end);
      end if;
      return null;
    end
    $fn$`)
    .execute(db);
  await sql`drop trigger if exists accounts_card_update on accounts`.execute(db);
  await sql`create trigger accounts_card_update after update on accounts
    referencing old table as changed_old new table as changed
    for each statement execute function tend_notify_card_accounts_update()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists accounts_card_update on accounts`.execute(db);
  await sql`create trigger accounts_card_update after update on accounts
    referencing new table as changed
    for each statement execute function tend_notify_card_by_id()`.execute(db);
  await sql`drop function if exists tend_notify_card_accounts_update()`.execute(db);
}
