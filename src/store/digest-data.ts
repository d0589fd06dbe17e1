import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Band } from '../domain/health';

export interface PortfolioRow {
  id: number;
  name: string;
  segment: string | null;
  tier: string | null;
  owner_email: string | null;
  arr: number | null;
  renewal_date: string | null;
  score: number | null;
  band: Band | null;
}

/** Every active account with its latest snapshot up to `day`: one query for all digests. */
export async function portfolioOn(db: Db, day: string): Promise<PortfolioRow[]> {
  const { rows } = await sql<PortfolioRow>`
    select a.id, a.name, a.segment, a.tier, a.owner_email, a.arr, a.renewal_date, s.score, s.band
    from accounts a
    left join lateral (
      select score, band from health_snapshots h
      where h.account_id = a.id and h.day <= ${day}::date and h.day > ${day}::date - 7
      order by h.day desc limit 1
    ) s on true
    where a.status = 'active'
    order by a.id`.execute(db);
  return rows;
}

/** Snapshots on each of `days` (the days of earlier digests), keyed by day then account. */
export async function snapshotsOn(
  db: Db,
  days: string[],
): Promise<Map<string, Map<number, { score: number | null; band: Band | null }>>> {
  const out = new Map<string, Map<number, { score: number | null; band: Band | null }>>();
  if (days.length === 0) return out;
  const { rows } = await sql<{
    account_id: number;
    day: string;
    score: number | null;
    band: Band | null;
  }>`
    select account_id, day, score, band from health_snapshots
    where day = any(${days}::date[])`.execute(db);
  for (const r of rows) {
    const byAccount = out.get(r.day) ?? new Map();
    out.set(r.day, byAccount);
    byAccount.set(r.account_id, { score: r.score, band: r.band });
  }
  return out;
}

export interface OverdueRow {
  account_id: number;
  title: string;
  due_on: string;
  owner_email: string | null;
}

export async function overdueFollowUps(db: Db, today: string): Promise<OverdueRow[]> {
  return db
    .selectFrom('follow_ups')
    .select(['account_id', 'title', 'due_on', 'owner_email'])
    .where('status', '=', 'open')
    .where('due_on', '<', today)
    .orderBy('due_on')
    .execute() as Promise<OverdueRow[]>;
}
