import { sql } from 'kysely';
import type { Db } from '../db/schema';

export interface CheckInRow {
  account_id: number;
  name: string;
  owner_email: string | null;
  tier: string;
  cadence_days: number;
  last_touch_at: Date | null;
  /** Where the cadence counts from: the last touch, else when Tend got the account. */
  since: Date;
}

/**
 * Active accounts past their tier's cadence at `now`: no touchpoint or logged message (notes
 * are not a touch) within the cadence's days. One statement: each account with a cadence
 * takes its latest touch from the partial index touchpoints_latest_touch (one short descent),
 * so the check costs about one scan of the accounts' latest touchpoints. `tiers` are
 * lower-case; an account's tier matches whatever its case. Most overdue first.
 */
export async function accountsPastCadence(
  db: Db,
  now: Date,
  cadence: { tiers: string[]; days: number[] },
  owner?: string,
): Promise<CheckInRow[]> {
  if (cadence.tiers.length === 0) return [];
  const { rows } = await sql<CheckInRow>`
    select a.id as account_id, a.name, a.owner_email, a.tier, c.days as cadence_days,
      t.at as last_touch_at, coalesce(t.at, a.created_at) as since
    from accounts a
    join unnest(${cadence.tiers}::text[], ${cadence.days}::int[]) as c(tier, days)
      on lower(a.tier) = c.tier
    left join lateral (
      select tp.at from touchpoints tp
      where tp.account_id = a.id and tp.kind <> 'note'
      order by tp.at desc limit 1
    ) t on true
    where a.status = 'active'
      and coalesce(t.at, a.created_at) <= ${now}::timestamptz - make_interval(days => c.days)
      ${owner === undefined ? sql`` : sql`and lower(a.owner_email) = lower(${owner})`}
    order by coalesce(t.at, a.created_at) + make_interval(days => c.days), a.id`.execute(db);
  return rows.map((r) => ({
    ...r,
    cadence_days: Number(r.cadence_days),
    last_touch_at: r.last_touch_at ? new Date(r.last_touch_at) : null,
    since: new Date(r.since),
  }));
}

/**
 * The baseline the cadence check is measured against (tests/bench): one scan of every
 * active account's latest touchpoint, the least any cadence check must read.
 */
export async function latestTouchScan(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`
    select count(t.at) as n from accounts a
    left join lateral (
      select tp.at from touchpoints tp
      where tp.account_id = a.id and tp.kind <> 'note'
      order by tp.at desc limit 1
    ) t on true
    where a.status = 'active'`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
