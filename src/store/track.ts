import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { ActivityRollup } from '../domain/connectors';

/**
 * Takes the messageIds not seen before and returns them; ids already taken (by an earlier
 * request, or by a concurrent one that commits first: the insert waits for it) are left out.
 * Sorted, so concurrent batches lock ids in one order.
 */
export async function takeMessageIds(
  db: Db,
  ids: readonly string[],
  at: Date,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const sorted = [...new Set(ids)].sort();
  const { rows } = await sql<{ message_id: string }>`
    insert into track_messages (message_id, received_at)
    select id, ${at}::timestamptz from unnest(${sorted}::text[]) as id
    on conflict (message_id) do nothing
    returning message_id`.execute(db);
  return new Set(rows.map((r) => r.message_id));
}

/** Gives back ids taken for messages that were then not used (they may come again later). */
export async function releaseMessageIds(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`delete from track_messages where message_id = any(${[...ids]}::text[])`.execute(db);
}

export async function pruneMessageIds(db: Db, before: Date): Promise<number> {
  const r = await sql`delete from track_messages where received_at < ${before}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Raw activity goes with raw usage (retention.usageDays). */
export async function pruneActivity(db: Db, beforeDay: string): Promise<void> {
  await sql`delete from track_users where day < ${beforeDay}::date`.execute(db);
  await sql`delete from track_features where day < ${beforeDay}::date`.execute(db);
}

/** Whole accounts by external id, as account rows (for merging a group call's traits). */
export async function accountRowsByExternalId(
  db: Db,
  externalIds: readonly string[],
): Promise<Map<string, Record<string, unknown> & { external_id: string }>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('accounts')
    .select([
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
    ])
    .where('external_id', 'in', [...externalIds])
    .execute();
  return new Map(rows.map((r) => [r.external_id, r]));
}

export async function linkUsersToAccounts(
  db: Db,
  links: readonly { userId: string; accountId: number }[],
): Promise<void> {
  if (links.length === 0) return;
  const last = new Map(links.map((l) => [l.userId, l.accountId]));
  const users = [...last.keys()].sort();
  await sql`insert into track_user_groups as g (user_id, account_id)
    select * from unnest(${users}::text[], ${users.map((u) => last.get(u))}::int8[])
    on conflict (user_id) do update set account_id = excluded.account_id
    where g.account_id <> excluded.account_id`.execute(db);
}

export async function accountsOfUsers(
  db: Db,
  users: readonly string[],
): Promise<Map<string, number>> {
  if (users.length === 0) return new Map();
  const rows = await db
    .selectFrom('track_user_groups')
    .select(['user_id', 'account_id'])
    .where('user_id', 'in', [...users])
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.account_id]));
}

export async function setGroupSeats(
  db: Db,
  seats: ReadonlyMap<number, number | null>,
): Promise<void> {
  if (seats.size === 0) return;
  const ids = [...seats.keys()].sort((a, b) => a - b);
  await sql`insert into track_group_seats as s (account_id, seats)
    select * from unnest(${ids}::int8[], ${ids.map((i) => seats.get(i) ?? null)}::int4[])
    on conflict (account_id) do update set seats = excluded.seats`.execute(db);
}

/**
 * Serialises roll-ups of the same account-days across transactions: the roll-up reads every
 * user of the day, so two batches adding different users must not each miss the other's.
 * Keys are taken in sorted order (unnest keeps it; no deadlock); the lock ends with the
 * transaction.
 */
export async function lockAccountDays(
  db: Db,
  keys: readonly { accountId: number; day: string }[],
): Promise<void> {
  if (keys.length === 0) return;
  const unique = [...new Map(keys.map((k) => [`${k.accountId}|${k.day}`, k])).values()].sort(
    (a, b) => a.accountId - b.accountId || (a.day < b.day ? -1 : a.day > b.day ? 1 : 0),
  );
  await sql`select pg_advisory_xact_lock(hashtext(k.day::text), k.account_id::int4)
    from unnest(${unique.map((k) => k.accountId)}::int8[], ${unique.map((k) => k.day)}::date[])
      as k(account_id, day)`.execute(db);
}

export async function addActivity(db: Db, rollup: ActivityRollup): Promise<void> {
  const { users, features } = rollup;
  if (users.length > 0) {
    await sql`insert into track_users as t (account_id, day, user_id, logins)
      select * from unnest(${users.map((u) => u.accountId)}::int8[],
        ${users.map((u) => u.day)}::date[], ${users.map((u) => u.user)}::text[],
        ${users.map((u) => u.logins)}::int4[])
      on conflict (account_id, day, user_id) do update set logins = t.logins + excluded.logins
      where excluded.logins > 0`.execute(db);
  }
  if (features.length > 0) {
    await sql`insert into track_features (account_id, day, feature)
      select * from unnest(${features.map((f) => f.accountId)}::int8[],
        ${features.map((f) => f.day)}::date[], ${features.map((f) => f.feature)}::text[])
      on conflict do nothing`.execute(db);
  }
}

export interface DayTotals {
  account_external_id: string;
  day: string;
  active_users: number;
  logins: number;
  features: number;
  seats: number | null;
}

/** Each account-day's totals over everything recorded for it. */
export async function dayTotals(
  db: Db,
  keys: readonly { accountId: number; day: string }[],
): Promise<DayTotals[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<DayTotals>`
    with k as (select distinct * from unnest(${keys.map((k) => k.accountId)}::int8[],
      ${keys.map((k) => k.day)}::date[]) as k(account_id, day))
    select a.external_id as account_external_id, to_char(k.day, 'YYYY-MM-DD') as day,
      (select count(*) from track_users u where u.account_id = k.account_id and u.day = k.day)::int
        as active_users,
      (select coalesce(sum(logins), 0) from track_users u
        where u.account_id = k.account_id and u.day = k.day)::int as logins,
      (select count(*) from track_features f where f.account_id = k.account_id and f.day = k.day)::int
        as features,
      s.seats
    from k join accounts a on a.id = k.account_id
    left join track_group_seats s on s.account_id = k.account_id
    order by k.account_id, k.day`.execute(db);
  return rows;
}
