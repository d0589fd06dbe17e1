import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { SnapshotPoint } from '../domain/health';
import type { StoredSnapshot } from './health-snapshots';

export interface OpenItem {
  id: number;
  text: string;
  /** Due day for follow-ups, firing day (UTC) for alerts. */
  when: string | null;
  who: string | null;
  state: string;
}

export interface AccountCardData {
  snapshot: Omit<StoredSnapshot, 'account_id' | 'computed_at'> | null;
  /** Scores from `historyDays` before the latest snapshot up to it, oldest first. */
  history: SnapshotPoint[];
  followUps: { total: number; items: OpenItem[] };
  alerts: { total: number; items: OpenItem[] };
}

/**
 * Everything the account card shows beyond the account row, in ONE round trip: `/health` is
 * the hottest path and its latency is round trips, not query time.
 */
export async function accountCardData(
  db: Db,
  accountId: number,
  historyDays: number,
  listSize: number,
): Promise<AccountCardData> {
  const { rows } = await sql<AccountCardData>`
    with latest as (
      select day, score, band, measures, drivers, onboarding from health_snapshots
      where account_id = ${accountId} order by day desc limit 1
    )
    select
      (select row_to_json(latest) from latest) as snapshot,
      (select coalesce(json_agg(json_build_object('day', h.day, 'score', h.score) order by h.day), '[]')
         from health_snapshots h, latest
        where h.account_id = ${accountId} and h.day >= latest.day - ${historyDays}::int
          and h.day <= latest.day) as history,
      json_build_object(
        'total', (select count(*) from follow_ups where account_id = ${accountId} and status = 'open'),
        'items', (select coalesce(json_agg(f), '[]') from (
           select id, title as text, due_on as "when", owner_email as who, status as state
           from follow_ups where account_id = ${accountId} and status = 'open'
           order by due_on asc nulls last, id limit ${listSize}) f)
      ) as "followUps",
      json_build_object(
        'total', (select count(*) from alerts where account_id = ${accountId} and status <> 'resolved'),
        'items', (select coalesce(json_agg(a), '[]') from (
           select id, summary as text, to_char(fired_at at time zone 'UTC', 'YYYY-MM-DD') as "when",
             coalesce(assignee, acknowledged_by) as who, status as state
           from alerts where account_id = ${accountId} and status <> 'resolved'
           order by fired_at desc, id desc limit ${listSize}) a)
      ) as alerts`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('account card query returned no row');
  return row;
}
