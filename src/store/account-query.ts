import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Band } from '../domain/health';
import { EXPANSION_RULES } from '../domain/rules';
import type { AccountLine, AccountPage } from './account-lists';

/** A question's filters with everything relative already resolved (days, the asker's e-mail). */
export interface AccountQuery {
  bands?: Band[];
  atRisk?: boolean;
  segment?: string;
  tier?: string;
  ownerEmail?: string;
  /** The part of an owner's e-mail before the @ ("jane" for jane@tend.example). */
  ownerHandle?: string;
  minArr?: number;
  maxArr?: number;
  renewalFrom?: string;
  renewalTo?: string;
  rule?: string;
  /** Score now against `trendDays` before it, moved by at least `trendPoints`. */
  trend?: 'dropping' | 'improving';
  trendDays: number;
  trendPoints: number;
}

/**
 * Active accounts matching every filter, one set-based query: the latest snapshot through the
 * (account_id, day) key, the renewal window on accounts_renewal, the owner on accounts_owner,
 * a rule through alerts_account_rule_latest. Ordered soonest renewal first when a window was
 * asked for, else riskiest first. Returns the first `limit` rows with the total count and the
 * ARR sum of all matches.
 */
export async function accountsMatching(
  db: Db,
  q: AccountQuery,
  limit: number,
): Promise<AccountPage & { arrTotal: number }> {
  const where: RawBuilder<unknown>[] = [sql`a.status = 'active'`];
  if (q.bands) where.push(sql`s.band in (${sql.join(q.bands)})`);
  if (q.atRisk) {
    // An expansion signal is not a risk.
    where.push(sql`(s.band = 'red' or exists (select 1 from alerts r
      where r.account_id = a.id and r.status <> 'resolved'
        and r.rule <> all(${[...EXPANSION_RULES]}::text[])))`);
  }
  if (q.segment) where.push(sql`lower(a.segment) = ${q.segment.toLowerCase()}`);
  if (q.tier) where.push(sql`lower(a.tier) = ${q.tier.toLowerCase()}`);
  if (q.ownerEmail) where.push(sql`lower(a.owner_email) = ${q.ownerEmail.toLowerCase()}`);
  if (q.ownerHandle) {
    where.push(sql`lower(split_part(a.owner_email, '@', 1)) = ${q.ownerHandle.toLowerCase()}`);
  }
  if (q.minArr !== undefined) where.push(sql`a.arr >= ${q.minArr}`);
  if (q.maxArr !== undefined) where.push(sql`a.arr <= ${q.maxArr}`);
  if (q.renewalFrom && q.renewalTo) {
    where.push(sql`a.renewal_date between ${q.renewalFrom}::date and ${q.renewalTo}::date`);
  }
  if (q.rule) {
    where.push(sql`exists (select 1 from alerts r where r.account_id = a.id
      and r.rule = ${q.rule} and r.status <> 'resolved')`);
  }
  // The trend compares the latest score with the one `trendDays` earlier (a few days' slack
  // for missed runs, as the account card's deltas allow); only joined when asked for.
  const before = q.trend
    ? sql`left join lateral (select p.score from health_snapshots p
        where p.account_id = a.id and p.score is not null
          and p.day between s.day - ${q.trendDays + 3}::int and s.day - ${q.trendDays}::int
        order by p.day desc limit 1) p on true`
    : sql``;
  if (q.trend === 'dropping') where.push(sql`s.score - p.score <= ${-q.trendPoints}`);
  if (q.trend === 'improving') where.push(sql`s.score - p.score >= ${q.trendPoints}`);
  const order = q.renewalFrom ? sql`a.renewal_date, a.name` : sql`s.score asc nulls last, a.name`;
  const { rows } = await sql<AccountLine & { total: number; arrTotal: number | null }>`
    select a.id, a.name, a.arr, a.renewal_date::text as "renewalDate",
      a.owner_email as "ownerEmail", s.score, s.band,
      count(*) over () as total, sum(a.arr) over () as "arrTotal"
    from accounts a
    left join lateral (select h.day, h.score, h.band from health_snapshots h
      where h.account_id = a.id order by h.day desc limit 1) s on true
    ${before}
    where ${sql.join(where, sql` and `)}
    order by ${order}
    limit ${limit}`.execute(db);
  return {
    rows: rows.map(({ total: _t, arrTotal: _a, ...line }) => line),
    total: Number(rows[0]?.total ?? 0),
    arrTotal: Number(rows[0]?.arrTotal ?? 0),
  };
}
