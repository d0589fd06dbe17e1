import { sql } from 'kysely';
import type { Db } from '../db/schema';

export interface OpenItem {
  id: number;
  text: string;
  /** Due day for follow-ups, firing time for alerts. */
  when: string | null;
  who: string | null;
  state: string;
}

export interface OpenItems {
  items: OpenItem[];
  total: number;
}

/** An account's open follow-ups, overdue and soonest first, with the total count. */
export async function openFollowUpsOf(
  db: Db,
  accountId: number,
  limit: number,
): Promise<OpenItems> {
  const rows = await sql<OpenItem & { total: number }>`
    select id, title as text, due_on::text as when, owner_email as who, status as state,
      count(*) over () as total
    from follow_ups where account_id = ${accountId} and status = 'open'
    order by due_on asc nulls last, id
    limit ${limit}`.execute(db);
  return { items: rows.rows, total: rows.rows[0]?.total ?? 0 };
}

/** An account's unresolved alerts, newest first, with the total count. */
export async function openAlertsOf(db: Db, accountId: number, limit: number): Promise<OpenItems> {
  const rows = await sql<OpenItem & { total: number }>`
    select id, summary as text, to_char(fired_at at time zone 'UTC', 'YYYY-MM-DD') as when,
      coalesce(assignee, acknowledged_by) as who, status as state, count(*) over () as total
    from alerts where account_id = ${accountId} and status <> 'resolved'
    order by fired_at desc, id desc
    limit ${limit}`.execute(db);
  return { items: rows.rows, total: rows.rows[0]?.total ?? 0 };
}
