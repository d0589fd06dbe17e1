import { type Kysely, sql } from 'kysely';
import type { Database, Db } from '../db/schema';

// The channel leases of the outbox: one row per channel (outbox_channels) is the lock a worker
// holds to send there, so two replicas never split a channel. Lease times are the database's.

export interface Channel {
  platform: string;
  channel_id: string;
}

export interface ClaimOptions {
  /** Unique per worker: the lease names it, and only it may renew or release the lease. */
  owner: string;
  /** The application's "now", for which messages are due (retry times are set with it). */
  now: Date;
  leaseMs: number;
  limit: number;
  platforms: string[];
}

const leaseEnd = (leaseMs: number) =>
  sql<Date>`clock_timestamp() + make_interval(secs => ${leaseMs / 1000}::double precision)`;

/**
 * Leases channels that have something due. The channel's row is the lock: claimed with
 * FOR UPDATE SKIP LOCKED and re-checked on the latest row version, so two workers can never
 * hold one channel. Lease times come from the database clock, so replicas whose clocks
 * disagree cannot take a lease that is still running.
 */
export async function claimChannels(db: Db, o: ClaimOptions): Promise<Channel[]> {
  if (o.platforms.length === 0 || o.limit <= 0) return [];
  const { rows } = await sql<Channel>`
    update outbox_channels c
    set leased_by = ${o.owner}, leased_until = ${leaseEnd(o.leaseMs)}
    from (
      select ch.platform, ch.channel_id from outbox_channels ch
      where ch.due_at <= ${o.now}
        and ch.platform = any(${o.platforms}::text[])
        and (ch.leased_until is null or ch.leased_until <= clock_timestamp())
      order by ch.due_at
      limit ${o.limit}
      for update of ch skip locked
    ) picked
    where c.platform = picked.platform and c.channel_id = picked.channel_id
    returning c.platform, c.channel_id`.execute(db);
  return rows;
}

/** Extends a lease this owner still holds; false when it ran out (another may have it). */
export async function renewLease(
  db: Db,
  owner: string,
  channel: Channel,
  leaseMs: number,
): Promise<boolean> {
  const { rows } = await sql`
    update outbox_channels set leased_until = ${leaseEnd(leaseMs)}
    where platform = ${channel.platform} and channel_id = ${channel.channel_id}
      and leased_by = ${owner} and leased_until > clock_timestamp()
    returning 1`.execute(db);
  return rows.length === 1;
}

/**
 * Hands a channel back at once, for the next claim (any replica) to take, with due_at set to
 * when its queue next has something to send. The row is locked first and due_at computed in
 * a second statement: under READ COMMITTED that statement sees every enqueue that committed
 * before the lock was granted, and any later enqueue moves due_at up itself. Computing both
 * in one statement could miss a message enqueued while it waited, and strand it.
 */
export async function releaseLease(
  db: Kysely<Database>,
  owner: string,
  channel: Channel,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql`
      select 1 from outbox_channels
      where platform = ${channel.platform} and channel_id = ${channel.channel_id}
        and leased_by = ${owner}
      for update`.execute(trx);
    if (rows.length === 0) return;
    await sql`
      update outbox_channels set leased_by = null, leased_until = null, due_at = least(
        (select h.next_attempt_at from outbox h
         where h.platform = ${channel.platform} and h.channel_id = ${channel.channel_id}
           and h.status = 'pending' and h.ready_at <= ${now}
         order by h.id limit 1),
        (select min(l.ready_at) from outbox l
         where l.platform = ${channel.platform} and l.channel_id = ${channel.channel_id}
           and l.status = 'pending' and l.ready_at > ${now}))
      where platform = ${channel.platform} and channel_id = ${channel.channel_id}`.execute(trx);
  });
}
