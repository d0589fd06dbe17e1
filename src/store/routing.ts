import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Platform } from '../db/tables/chat';
import type { AccountFollow, AlertRouting, AlertScope, Delivery } from '../db/tables/routing';

export type { AccountFollow, AlertRouting } from '../db/tables/routing';

export async function getRouting(
  db: Db,
  platform: Platform,
  userId: string,
): Promise<AlertRouting | undefined> {
  return db
    .selectFrom('alert_routing')
    .selectAll()
    .where('platform', '=', platform)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export interface RoutingPatch {
  delivery?: Delivery;
  scope?: AlertScope;
  filters?: unknown;
  workHours?: string | null;
  quietHours?: string | null;
}

/** Creates or changes a person's routing; fields left out keep their value. */
export async function saveRouting(
  db: Db,
  who: { platform: Platform; userId: string; email: string | null },
  patch: RoutingPatch,
  now: Date,
): Promise<AlertRouting> {
  const set = {
    email: who.email,
    updated_at: now,
    ...(patch.delivery ? { delivery: patch.delivery } : {}),
    ...(patch.scope ? { scope: patch.scope } : {}),
    ...(patch.filters !== undefined ? { filters: JSON.stringify(patch.filters) } : {}),
    ...(patch.workHours !== undefined ? { work_hours: patch.workHours } : {}),
    ...(patch.quietHours !== undefined ? { quiet_hours: patch.quietHours } : {}),
  };
  return db
    .insertInto('alert_routing')
    .values({ platform: who.platform, user_id: who.userId, ...set })
    .onConflict((oc) => oc.columns(['platform', 'user_id']).doUpdateSet(set))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteRouting(db: Db, platform: Platform, userId: string): Promise<void> {
  await db
    .deleteFrom('alert_routing')
    .where('platform', '=', platform)
    .where('user_id', '=', userId)
    .execute();
}

export async function allRoutings(db: Db): Promise<AlertRouting[]> {
  return db.selectFrom('alert_routing').selectAll().execute();
}

/** Follows an account once; false when it was followed already. */
export async function addFollow(
  db: Db,
  f: {
    platform: Platform;
    targetId: string;
    targetKind: 'person' | 'channel';
    accountId: number;
    createdBy: string;
  },
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('account_follows')
    .values({
      platform: f.platform,
      target_id: f.targetId,
      target_kind: f.targetKind,
      account_id: f.accountId,
      created_by: f.createdBy,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['platform', 'target_id', 'account_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function removeFollow(
  db: Db,
  platform: Platform,
  targetId: string,
  accountId: number,
): Promise<boolean> {
  const r = await db
    .deleteFrom('account_follows')
    .where('platform', '=', platform)
    .where('target_id', '=', targetId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function followsOf(
  db: Db,
  platform: Platform,
  targetId: string,
): Promise<(AccountFollow & { account_name: string })[]> {
  return db
    .selectFrom('account_follows as f')
    .innerJoin('accounts as a', 'a.id', 'f.account_id')
    .selectAll('f')
    .select('a.name as account_name')
    .where('f.platform', '=', platform)
    .where('f.target_id', '=', targetId)
    .orderBy('a.name')
    .execute();
}

export async function allFollows(db: Db): Promise<AccountFollow[]> {
  return db.selectFrom('account_follows').selectAll().execute();
}

export async function saveChatUserTimeZone(
  db: Db,
  platform: Platform,
  userId: string,
  tz: string,
): Promise<void> {
  await db
    .updateTable('chat_users')
    .set({ tz })
    .where('platform', '=', platform)
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('tz', 'is', null), eb('tz', '<>', tz)]))
    .execute();
}

/** DMs held while the person is away; the same alert twice for a person is one row. */
export async function holdAwayAlerts(
  db: Db,
  rows: { platform: Platform; userId: string; alertId: number; awayUntil: Date }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('away_alerts')
    .values(
      rows.map((r) => ({
        platform: r.platform,
        user_id: r.userId,
        alert_id: r.alertId,
        away_until: r.awayUntil,
        held_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['platform', 'user_id', 'alert_id']).doNothing())
    .execute();
}

export interface ReleasedAway {
  platform: Platform;
  user_id: string;
  away_until: Date;
  alert_id: number;
  account_id: number;
  account_name: string;
  summary: string;
  /** The summary as code and values (null on older alerts). */
  summary_args: unknown;
  status: string;
  /** The person's platform locale tag, as cached with their profile (null: not known). */
  locale: string | null;
}

/**
 * Claims the held DMs whose away window has ended and marks them released, in the caller's
 * transaction, one replica at a time: the next one waits for the commit and then sees the rows
 * released, and a released row is never claimed again, so each window's catch-up is built
 * once and whole (up to 1,000 rows a minute; a window larger than that would be cut).
 */
export async function releaseAwayAlerts(db: Db, now: Date): Promise<ReleasedAway[]> {
  // Row by row with skip locked alone, two replicas could each claim part of one person's
  // window and build two halves of a catch-up, of which the dedupe key keeps only the first.
  await sql`select pg_advisory_xact_lock(hashtext('tend:catch-up'))`.execute(db);
  const { rows } = await sql<ReleasedAway>`
    with due as (
      select platform, user_id, alert_id from away_alerts
      where released_at is null and away_until <= ${now}
      order by away_until
      limit 1000
      for update skip locked
    ), released as (
      update away_alerts w set released_at = ${now}
      from due
      where w.platform = due.platform and w.user_id = due.user_id and w.alert_id = due.alert_id
      returning w.platform, w.user_id, w.alert_id, w.away_until
    )
    select r.platform, r.user_id, r.away_until, r.alert_id, a.account_id, ac.name as account_name,
      a.summary, a.summary_args, a.status, u.locale
    from released r
    join alerts a on a.id = r.alert_id
    join accounts ac on ac.id = a.account_id
    left join chat_users u on u.platform = r.platform and u.user_id = r.user_id
    order by r.platform, r.user_id, r.away_until, a.id`.execute(db);
  return rows;
}
