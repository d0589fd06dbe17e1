import { sql } from 'kysely';
import type { Db } from '../db/schema';

/**
 * Queues rule checks for accounts an ingest write touched, in the caller's transaction (so the
 * queue commits with the data, or neither does). An account already queued keeps its earlier
 * due time: a burst of batches is one check, and a steady stream cannot postpone it forever.
 * Inserted in id order: two batches queueing the same new accounts wait for each other
 * instead of deadlocking (see the lock order in store/ingest-activity.ts).
 */
export async function queueRuleChecks(
  db: Db,
  accountIds: readonly number[],
  now: Date,
  debounceMs: number,
): Promise<void> {
  if (accountIds.length === 0) return;
  const due = new Date(now.getTime() + debounceMs);
  await sql`
    insert into pending_rule_checks (account_id, due_at, queued_at)
    select distinct id, ${due}::timestamptz, ${now}::timestamptz
    from unnest(${[...accountIds]}::bigint[]) as t(id)
    order by id
    on conflict (account_id) do nothing`.execute(db);
}

/** Queued accounts due at `now`, oldest first (a read: the claim is claimRuleChecks). */
export async function dueRuleChecks(db: Db, now: Date, limit: number): Promise<number[]> {
  const { rows } = await sql<{ account_id: number }>`
    select account_id from pending_rule_checks where due_at <= ${now}::timestamptz
    order by due_at, account_id limit ${limit}`.execute(db);
  return rows.map((r) => Number(r.account_id));
}

/**
 * Claims (deletes) the due checks among `accountIds`, skipping rows another replica holds.
 * Run it in the transaction that evaluates them: a rollback or a crash puts them back.
 */
export async function claimRuleChecks(
  db: Db,
  accountIds: readonly number[],
  now: Date,
): Promise<number[]> {
  if (accountIds.length === 0) return [];
  const { rows } = await sql<{ account_id: number }>`
    delete from pending_rule_checks where account_id in (
      select account_id from pending_rule_checks
      where account_id = any(${[...accountIds]}::bigint[]) and due_at <= ${now}::timestamptz
      for update skip locked)
    returning account_id`.execute(db);
  return rows.map((r) => Number(r.account_id)).sort((a, b) => a - b);
}

/**
 * Serialises every transaction that turns rule findings into alerts (the hourly risk job and
 * the fresh checks): each reads the latest alerts after the previous one committed, so a
 * finding the other just turned into an alert counts as continuing it, never as new. Held
 * until commit or rollback, and released by Postgres if the connection dies.
 */
export async function lockAlertFiring(db: Db): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('tend:alert-firing'))`.execute(db);
}

/** The accounts among `accountIds` whose health awaits a recompute. */
export async function staleAmong(db: Db, accountIds: readonly number[]): Promise<number[]> {
  if (accountIds.length === 0) return [];
  const { rows } = await sql<{ id: number }>`
    select id from accounts
    where health_stale and id = any(${[...accountIds]}::bigint[])`.execute(db);
  return rows.map((r) => Number(r.id));
}
