import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { FollowUp } from '../db/tables/follow-ups';

export interface NewFollowUp {
  accountId: number;
  title: string;
  ownerEmail: string | null;
  dueOn: string | null;
  createdBy: string;
  source: string;
  /** The platform's id for the request (Slack trigger_id, view id, Teams activity id). */
  requestKey: string;
  alertId?: number | null;
}

/**
 * Inserts the follow-up unless one with the same request key exists: Slack retries a command
 * and people double-click, and each must still give one follow-up. Returns the row either way.
 */
export async function createFollowUp(
  db: Db,
  input: NewFollowUp,
): Promise<{ followUp: FollowUp; created: boolean }> {
  const inserted = await db
    .insertInto('follow_ups')
    .values({
      account_id: input.accountId,
      title: input.title,
      owner_email: input.ownerEmail,
      due_on: input.dueOn,
      created_by: input.createdBy,
      source: input.source,
      request_key: input.requestKey,
      alert_id: input.alertId ?? null,
    })
    .onConflict((oc) => oc.column('request_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { followUp: inserted, created: true };
  const existing = await db
    .selectFrom('follow_ups')
    .selectAll()
    .where('request_key', '=', input.requestKey)
    .executeTakeFirstOrThrow();
  return { followUp: existing, created: false };
}

export async function getFollowUp(db: Db, id: number): Promise<FollowUp | undefined> {
  return db.selectFrom('follow_ups').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks it done once; a second click changes nothing and says who did it first. */
export async function markFollowUpDone(
  db: Db,
  id: number,
  by: string,
  at: Date,
): Promise<{ followUp: FollowUp; changed: boolean } | undefined> {
  const updated = await db
    .updateTable('follow_ups')
    .set({ status: 'done', done_at: at, done_by: by })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
  if (updated) return { followUp: updated, changed: true };
  const current = await getFollowUp(db, id);
  return current ? { followUp: current, changed: false } : undefined;
}

export interface FollowUpRow {
  id: number;
  accountId: number;
  accountName: string;
  title: string;
  dueOn: string | null;
  ownerEmail: string | null;
}

export interface FollowUpPage {
  rows: FollowUpRow[];
  total: number;
}

const columns = sql<FollowUpRow>`f.id, f.account_id as "accountId", a.name as "accountName",
  f.title, f.due_on::text as "dueOn", f.owner_email as "ownerEmail"`;

/** Open follow-ups owned by a person: overdue first (earliest due), undated last. */
export async function openFollowUpsOwnedBy(
  db: Db,
  email: string,
  limit: number,
  offset = 0,
): Promise<FollowUpPage> {
  const { rows } = await sql<FollowUpRow & { total: number }>`
    select ${columns}, count(*) over () as total
    from follow_ups f join accounts a on a.id = f.account_id
    where lower(f.owner_email) = ${email.toLowerCase()} and f.status = 'open'
    order by f.due_on asc nulls last, f.id
    limit ${limit} offset ${offset}`.execute(db);
  return { rows, total: rows[0]?.total ?? 0 };
}

/** Open follow-ups on one account, whoever owns them. */
export async function openFollowUpsOnAccount(
  db: Db,
  accountId: number,
  limit: number,
): Promise<FollowUpPage> {
  const { rows } = await sql<FollowUpRow & { total: number }>`
    select ${columns}, count(*) over () as total
    from follow_ups f join accounts a on a.id = f.account_id
    where f.account_id = ${accountId} and f.status = 'open'
    order by f.due_on asc nulls last, f.id
    limit ${limit}`.execute(db);
  return { rows, total: rows[0]?.total ?? 0 };
}
