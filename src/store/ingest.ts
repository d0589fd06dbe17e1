import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { AccountRow } from '../domain/ingest';

/** What one set-based upsert did: rows inserted or changed, and the accounts they touch. */
export interface UpsertResult {
  written: number;
  accountIds: number[];
}

/** Ids of the accounts among `externalIds` that exist (unknown ones are simply absent). */
export async function accountIdsByExternalId(
  db: Db,
  externalIds: readonly string[],
): Promise<Map<string, number>> {
  if (externalIds.length === 0) return new Map();
  const { rows } = await sql<{ id: number; external_id: string }>`
    select id, external_id from accounts
    where external_id = any(${[...externalIds]}::text[])`.execute(db);
  return new Map(rows.map((r) => [r.external_id, r.id]));
}

/**
 * Inserts or updates accounts by external id in one statement. Unchanged rows are skipped
 * (`is distinct from`), so a repeated batch writes nothing; changed ones are marked stale.
 * Lock order (see ingest-activity.ts): the existing rows are locked in id order first, the
 * order every other ingest write locks accounts in, and new rows are inserted sorted by
 * external id, so two batches naming the same accounts in different orders queue instead of
 * deadlocking.
 */
export async function upsertAccounts(
  db: Db,
  rows: readonly AccountRow[],
  now: Date,
): Promise<UpsertResult> {
  if (rows.length === 0) return { written: 0, accountIds: [] };
  const col = <T>(pick: (r: AccountRow) => T) => rows.map(pick);
  await sql`select id from accounts where external_id = any(${col((r) => r.external_id)}::text[])
    order by id for no key update`.execute(db);
  const { rows: out } = await sql<{ id: number }>`
    insert into accounts as a (external_id, name, domain, segment, tier, arr, owner_email,
      contract_start, renewal_date, slack_channel, teams_channel, health_stale, updated_at)
    select u.*, true, ${now}::timestamptz from unnest(
      ${col((r) => r.external_id)}::text[], ${col((r) => r.name)}::text[],
      ${col((r) => r.domain)}::text[], ${col((r) => r.segment)}::text[],
      ${col((r) => r.tier)}::text[], ${col((r) => r.arr)}::numeric[],
      ${col((r) => r.owner_email)}::text[], ${col((r) => r.contract_start)}::date[],
      ${col((r) => r.renewal_date)}::date[], ${col((r) => r.slack_channel)}::text[],
      ${col((r) => r.teams_channel)}::text[]) as u(external_id)
    order by u.external_id
    on conflict (external_id) do update set
      name = excluded.name, domain = excluded.domain, segment = excluded.segment,
      tier = excluded.tier, arr = excluded.arr, owner_email = excluded.owner_email,
      contract_start = excluded.contract_start, renewal_date = excluded.renewal_date,
      slack_channel = excluded.slack_channel, teams_channel = excluded.teams_channel,
      health_stale = true, updated_at = excluded.updated_at
    where (a.name, a.domain, a.segment, a.tier, a.arr, a.owner_email, a.contract_start,
        a.renewal_date, a.slack_channel, a.teams_channel)
      is distinct from (excluded.name, excluded.domain, excluded.segment, excluded.tier,
        excluded.arr, excluded.owner_email, excluded.contract_start, excluded.renewal_date,
        excluded.slack_channel, excluded.teams_channel)
    returning a.id`.execute(db);
  return { written: out.length, accountIds: out.map((r) => r.id) };
}
