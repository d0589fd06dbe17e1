import { type Kysely, sql } from 'kysely';
import type { Database, Db } from '../db/schema';
import type { OutboxRow } from '../db/tables/operations';
import type { SendingMark } from './outbox';

// The channel leases of the outbox: one row per channel (outbox_channels) is the lock a worker
// holds to send there, so two replicas never split a channel. Lease times are the database's.

export interface Channel {
  platform: string;
  channel_id: string;
}

/** A leased channel and the head of its queue, read in the same statement as the lease. */
export interface ClaimedChannel extends Channel {
  rows: OutboxRow[];
  /**
   * The channel's sending mark when it was claimed (see markSending): the post of that row
   * may have landed, if the row is still pending. Null when there is none.
   */
  sending: SendingMark | null;
}

export interface ClaimOptions {
  /** Unique per worker: the lease names it, and only it may renew or release the lease. */
  owner: string;
  /** The application's "now", for which messages are due (retry times are set with it). */
  now: Date;
  leaseMs: number;
  limit: number;
  platforms: string[];
  /** Rows of each channel's queue to read with the lease (0: none). */
  heads?: number;
}

const leaseEnd = (leaseMs: number) =>
  sql<Date>`clock_timestamp() + make_interval(secs => ${leaseMs / 1000}::double precision)`;

/**
 * The order every statement that locks several channel rows takes them in: enqueue sorts the
 * same way in JS (platform, then channel id, by code unit, which for the ASCII ids platforms
 * use is the "C" collation's byte order). Two transactions that lock in one order cannot
 * deadlock on each other.
 */
const byChannel = (a: Channel, b: Channel) => {
  const x = `${a.platform}\n${a.channel_id}`;
  const y = `${b.platform}\n${b.channel_id}`;
  return x < y ? -1 : x > y ? 1 : 0;
};
export const sortChannels = <T extends Channel>(channels: T[]): T[] =>
  [...channels].sort(byChannel);

/**
 * Leases channels that have something due, then reads the head of each one's queue. The
 * channel's row is the lock: claimed with FOR UPDATE SKIP LOCKED and re-checked on the latest
 * row version, so two workers can never hold one channel. Lease times come from the database
 * clock, so replicas whose clocks disagree cannot take a lease that is still running.
 *
 * Two statements, not one: row locks last until the statement ends, and a claim's scan also
 * locks (then drops on the re-check) rows another replica has just leased. With the heads read
 * in the same statement (a thousand rows and their payloads) those locks were held for as long
 * as that read took, hundreds of ms on a busy host, and the other replica's sending marks on
 * its own channels queued behind them (the delivery benchmark's first sending marks took over a
 * second). The heads are read after the lease is ours, so any snapshot is fine: a message
 * enqueued meanwhile is in it or moves the channel's due time up, and the release hands it on.
 * Should the heads read fail, the claim fails with the leases taken: they run out by themselves
 * (the lease time, as when a replica dies), and nothing is sent meanwhile.
 */
export async function claimChannels(db: Db, o: ClaimOptions): Promise<ClaimedChannel[]> {
  if (o.platforms.length === 0 || o.limit <= 0) return [];
  const { rows: leased } = await sql<
    Channel & { sending_id: number | null; sending_since: Date | null }
  >`
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
    returning c.platform, c.channel_id, c.sending_id, c.sending_since`.execute(db);
  const claimed = sortChannels(leased).map(
    (c): ClaimedChannel => ({
      platform: c.platform,
      channel_id: c.channel_id,
      rows: [],
      sending:
        c.sending_id !== null && c.sending_since !== null
          ? { id: Number(c.sending_id), since: c.sending_since }
          : null,
    }),
  );
  const heads = o.heads ?? 0;
  if (claimed.length === 0 || heads <= 0) return claimed;
  const { rows } = await sql<OutboxRow>`
    select h.* from unnest(${claimed.map((c) => c.platform)}::text[],
        ${claimed.map((c) => c.channel_id)}::text[]) as r(platform, channel_id)
    cross join lateral (
      select o.* from outbox o
      where o.platform = r.platform and o.channel_id = r.channel_id
        and o.status = 'pending' and o.ready_at <= ${o.now}
      order by o.id
      limit ${heads}) h
    order by h.platform, h.channel_id, h.id`.execute(db);
  const byKey = new Map(claimed.map((c) => [`${c.platform}\n${c.channel_id}`, c]));
  for (const row of rows) byKey.get(`${row.platform}\n${row.channel_id}`)?.rows.push(row);
  return claimed;
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

/** Hands one channel back at once (see releaseLeases). */
export async function releaseLease(
  db: Kysely<Database>,
  owner: string,
  channel: Channel,
  now: Date,
): Promise<void> {
  await releaseLeases(db, owner, [channel], now);
}

/**
 * Hands channels back at once, for the next claim (any replica) to take, each with due_at set
 * to when its queue next has something to send. The rows are locked first (in the shared
 * order) and due_at computed in a second statement: under READ COMMITTED that statement sees
 * every enqueue that committed before the lock was granted, and any later enqueue moves
 * due_at up itself. Computing both in one statement could miss a message enqueued while it
 * waited, and strand it. Channels this owner no longer holds are left alone.
 */
export async function releaseLeases(
  db: Kysely<Database>,
  owner: string,
  channels: Channel[],
  now: Date,
): Promise<void> {
  if (channels.length === 0) return;
  const sorted = sortChannels(channels);
  const platforms = sorted.map((c) => c.platform);
  const ids = sorted.map((c) => c.channel_id);
  await db.transaction().execute(async (trx) => {
    const { rows } = await sql<Channel>`
      select c.platform, c.channel_id from outbox_channels c
      join unnest(${platforms}::text[], ${ids}::text[]) as r(platform, channel_id)
        on c.platform = r.platform and c.channel_id = r.channel_id
      where c.leased_by = ${owner}
      order by c.platform collate "C", c.channel_id collate "C"
      for update of c`.execute(trx);
    if (rows.length === 0) return;
    await sql`
      update outbox_channels c set leased_by = null, leased_until = null, due_at = least(
        (select h.next_attempt_at from outbox h
         where h.platform = c.platform and h.channel_id = c.channel_id
           and h.status = 'pending' and h.ready_at <= ${now}
         order by h.id limit 1),
        (select min(l.ready_at) from outbox l
         where l.platform = c.platform and l.channel_id = c.channel_id
           and l.status = 'pending' and l.ready_at > ${now}))
      from unnest(${rows.map((r) => r.platform)}::text[], ${rows.map((r) => r.channel_id)}::text[])
        as r(platform, channel_id)
      where c.platform = r.platform and c.channel_id = r.channel_id`.execute(trx);
  });
}
