import { type Kysely, sql } from 'kysely';
import type { Database, Db } from '../db/schema';
import type { OutboxRow } from '../db/tables/operations';
import type { Channel } from './outbox-leases';
import type { NewMessage } from './outbox-message';

const CHUNK = 500;
/**
 * NOTIFY channel an enqueue (or a requeue) wakes the outbox workers on, so a message goes out
 * now rather than at the next poll. Sent at commit, once per transaction; the poll stays as
 * the fallback when LISTEN is down.
 */
export const OUTBOX_WAKE = 'tend_outbox';
const wake = (db: Db) => sql`select pg_notify(${OUTBOX_WAKE}, '')`.execute(db);

/**
 * Enqueues messages; a dedupe key seen before is skipped. Returns how many were new.
 *
 * Each channel's lease row is upserted first, with its due_at moved up to the new message's
 * time. The upsert locks the row until the caller commits, which is what keeps a worker that
 * is handing the channel back from missing a message enqueued meanwhile (see releaseLease).
 * Rows are locked in one sorted order so two enqueuing transactions cannot deadlock.
 */
export async function enqueue(db: Db, messages: NewMessage<unknown>[], now: Date): Promise<number> {
  if (messages.length === 0) return 0;
  // The channel lock must be held until the rows are in: one transaction, the caller's or ours.
  if (!db.isTransaction) return db.transaction().execute((trx) => enqueue(trx, messages, now));
  const due = new Map<string, { platform: string; channel_id: string; due_at: Date }>();
  for (const m of messages) {
    const key = `${m.platform}\n${m.channelId}`;
    const at = m.notBefore ?? now;
    const seen = due.get(key);
    if (!seen || at < seen.due_at)
      due.set(key, { platform: m.platform, channel_id: m.channelId, due_at: at });
  }
  const channels = [...due.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (let i = 0; i < channels.length; i += CHUNK) {
    await db
      .insertInto('outbox_channels')
      .values(channels.slice(i, i + CHUNK).map(([, c]) => c))
      .onConflict((oc) =>
        oc.columns(['platform', 'channel_id']).doUpdateSet({
          due_at: sql`least(outbox_channels.due_at, excluded.due_at)`,
        }),
      )
      .execute();
  }
  let added = 0;
  for (let i = 0; i < messages.length; i += CHUNK) {
    const rows = await db
      .insertInto('outbox')
      .values(
        messages.slice(i, i + CHUNK).map((m) => ({
          platform: m.platform,
          channel_id: m.channelId,
          dedupe_key: m.dedupeKey,
          payload: JSON.stringify(m.payload),
          kind: m.payload.kind,
          account_id: m.accountId ?? null,
          alert_id: m.alertId ?? null,
          ready_at: m.notBefore ?? now,
          next_attempt_at: m.notBefore ?? now,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    added += rows.length;
  }
  if (added > 0) await wake(db);
  return added;
}

/**
 * The channel's queue from its head, in enqueue order: pending messages that have joined it
 * (a snoozed repost joins at its time, and does not hold back what is due before it).
 */
export async function pendingInChannel(
  db: Db,
  channel: Channel,
  now: Date,
  limit: number,
): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('platform', '=', channel.platform)
    .where('channel_id', '=', channel.channel_id)
    .where('status', '=', 'pending')
    .where('ready_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markSent(db: Db, id: number, messageRef: string, now: Date): Promise<void> {
  await markSentMany(db, [{ id, messageRef }], now);
}

/**
 * Records several sends in one statement (the worker batches them across its channels, so
 * recording does not queue for a pool connection per message). Rows no longer pending are
 * left alone: another replica may have sent and recorded one after this one's lease ran out.
 */
export async function markSentMany(
  db: Db,
  sent: { id: number; messageRef: string }[],
  now: Date,
): Promise<void> {
  if (sent.length === 0) return;
  const ids = sent.map((s) => s.id);
  const refs = sent.map((s) => s.messageRef);
  await sql`
    update outbox o set status = 'sent', sent_at = ${now}, message_ref = v.ref,
      attempts = o.attempts + 1, failing_since = null, sending_since = null
    from unnest(${ids}::bigint[], ${refs}::text[]) as v(id, ref)
    where o.id = v.id and o.status = 'pending'`.execute(db);
}

/**
 * Says, on the database clock, that these posts are about to go out, for a worker that still
 * holds their channels' leases, and stretches each lease over the post's whole flight
 * (`holdMs`: the send timeout and a margin), so no other replica can take the channel and
 * look for (or send) the post while it may still land. Returns the ids it marked: a row
 * missing from the answer must not be posted (its lease ran out, or it is no longer pending).
 *
 * The mark is written on the channel's lease row (sending_id, sending_since), in the write
 * that stretches the lease: a channel has one post in flight at a time, and the message's own
 * row is then written once, when its outcome is recorded. The mark counts only while its row
 * is pending, so a recorded send needs no write to clear it; the next post overwrites it.
 */
export async function markSending(
  db: Db,
  ids: number[],
  owner: string,
  holdMs: number,
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  // The channel rows are locked in the order every multi-channel writer uses (see
  // sortChannels): a batch spans many channels, and so may an enqueue. One post per channel:
  // should two rows of one channel ever come together, only the first is marked.
  const { rows } = await sql<{ id: number | string }>`
    with picked as materialized (
      select distinct on (o.platform, o.channel_id) o.id, o.platform, o.channel_id
      from outbox o
      where o.id = any(${ids}::bigint[]) and o.status = 'pending'
      order by o.platform, o.channel_id, o.id),
    locked as materialized (
      select c.platform, c.channel_id, p.id from outbox_channels c
      join picked p on c.platform = p.platform and c.channel_id = p.channel_id
      where c.leased_by = ${owner} and c.leased_until > clock_timestamp()
      order by c.platform collate "C", c.channel_id collate "C"
      for update of c)
    update outbox_channels c
    set leased_until = greatest(c.leased_until,
        clock_timestamp() + make_interval(secs => ${holdMs / 1000}::double precision)),
      sending_id = l.id, sending_since = clock_timestamp()
    from locked l
    where c.platform = l.platform and c.channel_id = l.channel_id
    returning l.id`.execute(db);
  return new Set(rows.map((r) => Number(r.id)));
}

/** The sending mark a claim read with a channel's lease: which row, since when. */
export interface SendingMark {
  id: number;
  since: Date;
}

export interface Retry {
  at: Date;
  error: string;
  /** Set when the try spends the retry budget (not for a 429): when the failing began. */
  failingSince: Date | null;
  /**
   * Whether the platform may have taken a post after all (a timeout, a dropped connection):
   * then `sending_since` stays, and the next try looks for the post before posting again.
   */
  maybeSent: boolean;
}

export async function markRetry(db: Db, id: number, retry: Retry): Promise<void> {
  const error = retry.error.slice(0, 1000);
  if (retry.maybeSent) {
    // The channel's mark stays: the next try looks for the post before posting again.
    await db
      .updateTable('outbox')
      .set({
        next_attempt_at: retry.at,
        last_error: error,
        attempts: sql`attempts + 1`,
        failing_since: retry.failingSince,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    return;
  }
  // Known not posted: the mark goes (the row's, and the channel's if it still names this row),
  // so the next try posts without a look.
  await sql`
    with r as (
      update outbox set next_attempt_at = ${retry.at}, last_error = ${error},
        attempts = attempts + 1, failing_since = ${retry.failingSince}, sending_since = null
      where id = ${id} and status = 'pending'
      returning platform, channel_id)
    update outbox_channels c set sending_id = null, sending_since = null
    from r
    where c.platform = r.platform and c.channel_id = r.channel_id
      and c.sending_id = ${id}`.execute(db);
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: 'failed',
      last_error: error.slice(0, 1000),
      attempts: sql`attempts + 1`,
      sending_since: null,
    })
    .where('id', '=', id)
    .execute();
}

/** The post an update rewrites: where it landed, or that it never did. */
export async function postOf(
  db: Db,
  dedupeKey: string,
): Promise<{ status: OutboxRow['status']; message_ref: string | null } | null> {
  const row = await db
    .selectFrom('outbox')
    .select(['status', 'message_ref'])
    .where('dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  return row ?? null;
}

/** Every post (not update) that showed this alert: its channel post and escalation posts. */
export async function postsOfAlert(db: Db, alertId: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('alert_id', '=', alertId)
    .where(sql<boolean>`payload->>'op' = 'post'`)
    .orderBy('id')
    .execute();
}

/** An account's posts whose dedupe key starts with the prefix (served by the account index). */
export async function postsOfAccount(
  db: Db,
  accountId: number,
  prefix: string,
): Promise<OutboxRow[]> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('dedupe_key', 'like', pattern)
    .where(sql<boolean>`payload->>'op' = 'post'`)
    .orderBy('id')
    .execute();
}

/**
 * Puts messages that gave up back in the queue, due now, with a fresh retry budget: one by
 * id, or every failed one. Returns the rows requeued.
 */
export async function requeue(
  db: Kysely<Database>,
  which: { id: number } | { allFailed: true },
  now: Date,
): Promise<OutboxRow[]> {
  return db.transaction().execute(async (trx) => {
    let q = trx
      .updateTable('outbox')
      .set({ status: 'pending', next_attempt_at: now, failing_since: null, last_error: null })
      .where('status', '=', 'failed');
    if ('id' in which) q = q.where('id', '=', which.id);
    const rows = await q.returningAll().execute();
    // The requeued message goes in its old place in the queue (its id): wake its channel.
    const channels = new Map(rows.map((r) => [`${r.platform}\n${r.channel_id}`, r]));
    // In enqueue's lock order, so the two cannot deadlock.
    for (const [, r] of [...channels.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      await trx
        .updateTable('outbox_channels')
        .set({ due_at: sql`least(due_at, ${now}::timestamptz)` })
        .where('platform', '=', r.platform)
        .where('channel_id', '=', r.channel_id)
        .execute();
    }
    if (rows.length > 0) await wake(trx);
    return rows;
  });
}

/**
 * Deletes sent messages older than the cutoff, a batch at a time, keeping the posts of
 * alerts still open (a click must still find them to rewrite). Returns how many went.
 */
export async function pruneSent(db: Db, before: Date, limit: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with gone as (
      delete from outbox where id in (
        select o.id from outbox o
        where o.status = 'sent' and o.sent_at < ${before}
          and not exists (select 1 from alerts a where a.id = o.alert_id and a.status <> 'resolved')
        order by o.sent_at
        limit ${limit})
      returning 1)
    select count(*)::int as n from gone`.execute(db);
  return rows[0]?.n ?? 0;
}

export interface OutboxCounts {
  pending: number;
  sent: number;
  failed: number;
}

export async function outboxCounts(db: Db): Promise<OutboxCounts> {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute();
  const counts: OutboxCounts = { pending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/**
 * Pending and failed counts for a metrics scrape: each read from its partial index, so the
 * cost follows the queue, not the history of sent messages.
 */
export async function unsentCounts(db: Db): Promise<{ pending: number; failed: number }> {
  const { rows } = await sql<{ pending: number; failed: number }>`
    select (select count(*)::int from outbox where status = 'pending') as pending,
           (select count(*)::int from outbox where status = 'failed') as failed`.execute(db);
  return rows[0] ?? { pending: 0, failed: 0 };
}

/** Rows that are not sent, failed first then the oldest pending: what `jobs status` shows. */
export async function unsentRows(db: Db, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('status', '<>', 'sent')
    .orderBy(sql`status = 'failed'`, 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}
