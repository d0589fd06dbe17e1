import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { OutboxRow } from '../db/tables/operations';
import type { NewMessage } from '../delivery/message';

const CHUNK = 500;

/** Enqueues messages; a dedupe key seen before is skipped. Returns how many were new. */
export async function enqueue(db: Db, messages: NewMessage[], now: Date): Promise<number> {
  let added = 0;
  for (let i = 0; i < messages.length; i += CHUNK) {
    const chunk = messages.slice(i, i + CHUNK);
    const rows = await db
      .insertInto('outbox')
      .values(
        chunk.map((m) => ({
          platform: m.platform,
          channel_id: m.channelId,
          dedupe_key: m.dedupeKey,
          payload: JSON.stringify(m.payload),
          next_attempt_at: m.notBefore ?? now,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    added += rows.length;
  }
  return added;
}

export interface ClaimOptions {
  instance: string;
  now: Date;
  leaseMs: number;
  limit: number;
  /** Rows per channel per claim: a channel belongs to one worker at a time, in order. */
  perChannel: number;
  platforms: string[];
}

/**
 * Claims due rows with FOR UPDATE SKIP LOCKED and leases them (locked_until). A channel with
 * a leased row is left alone, so two replicas never send to one channel at once or out of
 * order; a lease that runs out (a killed replica) makes its rows claimable again.
 */
export async function claimDue(db: Db, o: ClaimOptions): Promise<OutboxRow[]> {
  if (o.platforms.length === 0) return [];
  const until = new Date(o.now.getTime() + o.leaseMs);
  const { rows } = await sql<OutboxRow>`
    with due as (
      select id from (
        select c.id, row_number() over (partition by c.platform, c.channel_id order by c.id) as rn
        from outbox c
        where c.status = 'pending' and c.next_attempt_at <= ${o.now}
          and c.platform = any(${o.platforms}::text[])
          and not exists (
            select 1 from outbox l
            where l.platform = c.platform and l.channel_id = c.channel_id
              and l.status = 'pending' and l.locked_until > ${o.now})
      ) t
      where rn <= ${o.perChannel}
      order by id
      limit ${o.limit}
    ), picked as (
      -- The conditions are repeated so a row claimed meanwhile is re-checked and dropped.
      select id from outbox
      where id in (select id from due) and status = 'pending'
        and (locked_until is null or locked_until <= ${o.now})
      for update skip locked
    )
    update outbox set locked_until = ${until}, locked_by = ${o.instance},
      attempts = attempts + 1
    from picked where outbox.id = picked.id
    returning outbox.*`.execute(db);
  return rows.sort((a, b) => a.id - b.id);
}

export async function markSent(db: Db, id: number, messageRef: string, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: now, message_ref: messageRef, locked_until: null })
    .where('id', '=', id)
    .execute();
}

export async function markRetry(db: Db, id: number, at: Date, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ next_attempt_at: at, last_error: error.slice(0, 1000), locked_until: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ status: 'failed', last_error: error.slice(0, 1000), locked_until: null })
    .where('id', '=', id)
    .execute();
}

/** Gives leased rows back at once (a worker stopping cleanly), for another to take. */
export async function release(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('outbox')
    .set({ locked_until: null, attempts: sql`greatest(attempts - 1, 0)` })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .execute();
}

/** After a 429 the whole channel waits, not just the row that met it. */
export async function deferChannel(
  db: Db,
  platform: string,
  channelId: string,
  until: Date,
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ next_attempt_at: sql`greatest(next_attempt_at, ${until})` })
    .where('platform', '=', platform)
    .where('channel_id', '=', channelId)
    .where('status', '=', 'pending')
    .execute();
}

/** Where the post with this dedupe key landed, once it was sent. */
export async function messageRefOf(db: Db, dedupeKey: string): Promise<string | null> {
  const row = await db
    .selectFrom('outbox')
    .select(['message_ref'])
    .where('dedupe_key', '=', dedupeKey)
    .where('status', '=', 'sent')
    .executeTakeFirst();
  return row?.message_ref ?? null;
}

export async function postsWithPrefix(db: Db, prefix: string): Promise<OutboxRow[]> {
  const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('dedupe_key', 'like', pattern)
    .where(sql<boolean>`payload->>'op' = 'post'`)
    .orderBy('id')
    .execute();
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
