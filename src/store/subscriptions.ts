import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { ChannelSubscription, Platform, SubscriptionKind } from '../db/tables/chat';
import type { SubscriptionFilters } from '../domain/subscription-filter';

export async function subscriptionsOfKind(
  db: Db,
  kind: SubscriptionKind,
): Promise<ChannelSubscription[]> {
  return db
    .selectFrom('channel_subscriptions')
    .selectAll()
    .where('kind', '=', kind)
    .orderBy('id')
    .execute();
}

/** Channels `/cs pause` holds now (any of their subscriptions paused past `now`). */
export async function pausedChannels(db: Db, now: Date): Promise<Set<string>> {
  const rows = await db
    .selectFrom('channel_subscriptions')
    .select(['platform', 'channel_id'])
    .distinct()
    .where('paused_until', '>', now)
    .execute();
  return new Set(rows.map((r) => `${r.platform}:${r.channel_id}`));
}

export async function subscriptionsOfChannel(
  db: Db,
  platform: Platform,
  channelId: string,
): Promise<ChannelSubscription[]> {
  return db
    .selectFrom('channel_subscriptions')
    .selectAll()
    .where('platform', '=', platform)
    .where('channel_id', '=', channelId)
    .orderBy('id')
    .execute();
}

export interface NewSubscription {
  platform: Platform;
  channelId: string;
  kind: SubscriptionKind;
  filters: SubscriptionFilters;
  atTime: string;
  timeZone: string;
  weekdaysOnly: boolean;
  /** Weekly on this day (0 = Sunday … 6); null: daily. */
  weekday: number | null;
  createdBy: string;
}

/**
 * Serialises subscription changes of one channel until the transaction ends (a transaction-level
 * advisory lock keyed by platform and channel), so two copies of the same `/cs subscribe` (a
 * replay, a retry, a double send) cannot both see "none yet" and both insert.
 */
export async function lockChannelSubscriptions(
  trx: Db,
  platform: Platform,
  channelId: string,
): Promise<void> {
  const key = `channel_subscriptions:${platform}:${channelId}`;
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

/** The channel's subscription of this kind with exactly these filters (jsonb equality). */
export async function sameSubscription(
  db: Db,
  s: Pick<NewSubscription, 'platform' | 'channelId' | 'kind' | 'filters'>,
): Promise<ChannelSubscription | undefined> {
  return db
    .selectFrom('channel_subscriptions')
    .selectAll()
    .where('platform', '=', s.platform)
    .where('channel_id', '=', s.channelId)
    .where('kind', '=', s.kind)
    .where(sql<boolean>`filters = ${JSON.stringify(s.filters)}::jsonb`)
    .orderBy('id')
    .executeTakeFirst();
}

export async function createSubscription(
  db: Db,
  s: NewSubscription,
  now: Date,
): Promise<ChannelSubscription> {
  return db
    .insertInto('channel_subscriptions')
    .values({
      platform: s.platform,
      channel_id: s.channelId,
      kind: s.kind,
      filters: JSON.stringify(s.filters),
      at_time: s.atTime,
      timezone: s.timeZone,
      weekdays_only: s.weekdaysOnly,
      weekday: s.weekday,
      created_by: s.createdBy,
      // A new digest starts from now: no catch-up for slots before it existed.
      last_sent_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteSubscription(
  db: Db,
  id: number,
  platform: Platform,
  channelId: string,
): Promise<boolean> {
  const r = await db
    .deleteFrom('channel_subscriptions')
    .where('id', '=', id)
    .where('platform', '=', platform)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function pauseChannel(
  db: Db,
  platform: Platform,
  channelId: string,
  until: Date,
): Promise<number> {
  const r = await db
    .updateTable('channel_subscriptions')
    .set({ paused_until: until })
    .where('platform', '=', platform)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Ends a pause; digests that were paused owe the channel one catch-up. */
export async function resumeChannel(
  db: Db,
  platform: Platform,
  channelId: string,
  now: Date,
): Promise<number> {
  const r = await db
    .updateTable('channel_subscriptions')
    .set({
      catch_up_pending: sql<boolean>`catch_up_pending or (kind = 'digest' and paused_until > ${now})`,
      paused_until: null,
    })
    .where('platform', '=', platform)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function markDigestsComposed(
  db: Db,
  items: { id: number; slot: Date }[],
): Promise<void> {
  if (items.length === 0) return;
  await sql`
    update channel_subscriptions s set last_sent_at = t.slot, catch_up_pending = false
    from unnest(${items.map((i) => i.id)}::bigint[], ${items.map((i) => i.slot.toISOString())}::timestamptz[])
      as t(id, slot)
    where s.id = t.id`.execute(db);
}
