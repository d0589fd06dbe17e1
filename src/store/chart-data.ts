import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { MetricsScope } from '../domain/metrics';
import { owned } from './metrics';

/** The account's latest score in each week from `fromDay` to `toDay` (weeks start Monday). */
export async function weeklyScores(
  db: Db,
  accountId: number,
  fromDay: string,
  toDay: string,
): Promise<{ week: string; score: number | null }[]> {
  const { rows } = await sql<{ week: string; score: number | null }>`
    select distinct on (date_trunc('week', day))
      to_char(date_trunc('week', day), 'YYYY-MM-DD') as week, score
    from health_snapshots
    where account_id = ${accountId} and day between ${fromDay}::date and ${toDay}::date
    order by date_trunc('week', day), day desc`.execute(db);
  return rows;
}

/** Accounts in scope per band each week: each account's latest band of that week. */
export async function weeklyBands(
  db: Db,
  scope: MetricsScope,
  fromDay: string,
  toDay: string,
): Promise<{ week: string; band: 'green' | 'yellow' | 'red'; n: number }[]> {
  const { rows } = await sql<{ week: string; band: 'green' | 'yellow' | 'red'; n: number }>`
    select week, band, count(*)::int as n from (
      select distinct on (h.account_id, date_trunc('week', h.day))
        to_char(date_trunc('week', h.day), 'YYYY-MM-DD') as week, h.band
      from health_snapshots h join accounts a on a.id = h.account_id
      where ${owned(scope, 'a')} and h.day between ${fromDay}::date and ${toDay}::date
      order by h.account_id, date_trunc('week', h.day), h.day desc) latest
    where band is not null
    group by week, band`.execute(db);
  return rows;
}

/** The median hours from firing to acknowledgement of the alerts fired each week. */
export async function weeklyAckMedians(
  db: Db,
  scope: MetricsScope,
  from: Date,
  timeZone: string,
): Promise<{ week: string; hours: number }[]> {
  const { rows } = await sql<{ week: string; hours: number }>`
    select to_char(date_trunc('week', al.fired_at at time zone ${timeZone}), 'YYYY-MM-DD') as week,
      (percentile_cont(0.5) within group (
        order by extract(epoch from al.acknowledged_at - al.fired_at) / 3600))::float8 as hours
    from alerts al join accounts a on a.id = al.account_id
    where ${owned(scope, 'a')} and al.fired_at >= ${from} and al.acknowledged_at is not null
    group by 1`.execute(db);
  return rows;
}
