import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/schema';
import {
  type AuditContent,
  chainHash,
  contentDigest,
  type StoredAuditRow,
} from '../domain/audit/chain';

/** One lock for every writer of the chain (an arbitrary constant, "tend-audit"). */
const AUDIT_LOCK = 7_305_001;

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string | null;
  details?: unknown;
  /** cli, api, slack, teams, local, job. */
  origin?: string | null;
  /** The channel, route or command the write came through. */
  place?: string | null;
}

/**
 * Appends one entry to the hash chain. Writers are serialized by a transaction-level advisory
 * lock taken before the head is read, so two concurrent writers cannot both chain onto the same
 * predecessor (a fork); the lock is held until the caller's transaction ends, which is what
 * makes the head read and the insert one step. Called with a transaction when the entry must
 * commit or roll back with the write it records; otherwise it opens its own.
 */
export async function appendAudit(db: Db, entry: AuditEntry, at: Date): Promise<number> {
  if (!db.isTransaction) {
    return db.transaction().execute((trx) => appendAuditInTransaction(trx, entry, at));
  }
  return appendAuditInTransaction(db, entry, at);
}

/**
 * The same, on a handle whose statements already run inside an open transaction (a request's
 * transaction about to commit, see db/audited-dialect.ts), whether or not Kysely knows it.
 */
export async function appendAuditInTransaction(
  db: Db,
  entry: AuditEntry,
  at: Date,
): Promise<number> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(db);
  const head = await db
    .selectFrom('audit_log')
    .select('hash')
    .where('hash', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prev = head?.hash ?? null;
  // Milliseconds only: the stored instant must read back exactly as it was hashed.
  const when = new Date(Math.floor(at.getTime()));
  const content: AuditContent = {
    actor: entry.actor,
    subject: entry.subject ?? null,
    details: entry.details ?? {},
  };
  const salt = randomBytes(16).toString('hex');
  const digest = contentDigest(salt, content);
  const frame = {
    at: when,
    action: entry.action,
    origin: entry.origin ?? null,
    place: entry.place ?? null,
  };
  const row = await db
    .insertInto('audit_log')
    .values({
      at: when,
      actor: content.actor,
      action: frame.action,
      subject: content.subject,
      details: sql`${JSON.stringify(content.details)}::jsonb` as never,
      origin: frame.origin,
      place: frame.place,
      salt,
      content_digest: digest,
      prev_hash: prev,
      hash: chainHash(prev, frame, digest),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

const ROW = [
  'id',
  'at',
  'actor',
  'action',
  'subject',
  'details',
  'origin',
  'place',
  'salt',
  'content_digest',
  'prev_hash',
  'hash',
  'erased_at',
] as const;

/** Every row in chain order, in pages (the log can be long). */
export async function* auditRows(db: Db, pageSize = 5000): AsyncGenerator<StoredAuditRow[]> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .select(ROW)
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (page.length === 0) return;
    yield page.map((r) => ({ ...r, id: Number(r.id) }));
    after = Number(page.at(-1)?.id);
  }
}

/** Rows whose actor, subject or details contain the text (case-insensitive). */
export async function auditRowsMentioning(db: Db, text: string): Promise<StoredAuditRow[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectFrom('audit_log')
    .select(ROW)
    .where((eb) =>
      eb.or([
        eb('actor', 'ilike', pattern),
        eb('subject', 'ilike', pattern),
        eb(sql`details::text`, 'ilike', pattern),
      ]),
    )
    .where('erased_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Blanks the personal part of rows and drops their salt; the chain still verifies. */
export async function eraseAuditRows(db: Db, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('audit_log')
    .set({
      actor: 'erased',
      subject: null,
      details: sql`'{}'::jsonb` as never,
      salt: null,
      erased_at: at,
    })
    .where('id', 'in', ids)
    .execute();
}

/**
 * Deletes entries older than the cutoff and, in the same transaction, records the hash of the
 * last one deleted, so verify knows the head was trimmed by retention and not by someone.
 */
export async function trimAuditLog(db: Db, before: Date, at: Date): Promise<number> {
  if (!db.isTransaction) return db.transaction().execute((trx) => trimAuditLog(trx, before, at));
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(db);
  const last = await db
    .selectFrom('audit_log')
    .select(['id', 'hash'])
    .where('at', '<', before)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return 0;
  const gone = await db.deleteFrom('audit_log').where('id', '<=', last.id).executeTakeFirst();
  const n = Number(gone.numDeletedRows);
  await appendAudit(
    db,
    {
      actor: 'tend',
      action: 'audit.trim',
      origin: 'job',
      details: { throughId: Number(last.id), lastHash: last.hash, deleted: n },
    },
    at,
  );
  return n;
}

/**
 * The newest chained entry's hash and the chain's length (kept rows plus those retention
 * trimmed, as each trim entry records), in two index reads and one scan of trim entries.
 */
export async function auditHeadOf(db: Db): Promise<{ head: string | null; length: number }> {
  const head = await db
    .selectFrom('audit_log')
    .select('hash')
    .where('hash', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const counts = await sql<{ kept: string; trimmed: string | null }>`
    select count(*) as kept,
      sum(case when action = 'audit.trim' and hash is not null
        and jsonb_typeof(details->'deleted') = 'number'
        then (details->>'deleted')::bigint else 0 end) as trimmed
    from audit_log`.execute(db);
  const row = counts.rows[0];
  return { head: head?.hash ?? null, length: Number(row?.kept ?? 0) + Number(row?.trimmed ?? 0) };
}
