import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Edges, MetricsScope } from '../domain/metrics';

export interface SpanQuery {
  scope: MetricsScope;
  /** Previous period start and end, current period start and end. */
  edges: Edges;
  /** The first and last day of the span (previous start, current end). */
  fromDay: string;
  toDay: string;
  /** The days whose latest band is read: the last day before each edge. */
  bandDays: readonly [string, string, string, string];
  timeZone: string;
}

/**
 * The accounts in scope: everyone's for the team (narrowed by a subscription's filters, as
 * the digest's are), one person's portfolio for a person.
 */
export function owned(scope: MetricsScope, alias: string) {
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  if (scope.kind === 'person') return sql`lower(${col('owner_email')}) = lower(${scope.email})`;
  const f = scope.filters ?? {};
  const parts = [sql`true`];
  if (f.segment !== undefined) parts.push(sql`lower(${col('segment')}) = lower(${f.segment})`);
  if (f.tier !== undefined) parts.push(sql`lower(${col('tier')}) = lower(${f.tier})`);
  if (f.owner !== undefined) parts.push(sql`lower(${col('owner_email')}) = lower(${f.owner})`);
  if (f.minArr !== undefined) parts.push(sql`coalesce(${col('arr')}, 0) >= ${f.minArr}`);
  return sql.join(parts, sql` and `);
}

/**
 * Records the ARR of the given accounts where it differs from the latest recorded one (or
 * none is recorded yet): called after every write of accounts, so retention can read ARR at
 * any past instant.
 */
export async function recordArrChanges(
  db: Db,
  accountIds: readonly number[],
  at: Date,
): Promise<number> {
  if (accountIds.length === 0) return 0;
  const { numAffectedRows } = await sql`
    insert into account_arr_changes (account_id, at, arr)
    select a.id, ${at}::timestamptz, a.arr from accounts a
    where a.id = any(${[...accountIds]}::bigint[])
      and not exists (
        select 1 from (select c.arr from account_arr_changes c where c.account_id = a.id
          order by c.at desc, c.id desc limit 1) last
        where last.arr is not distinct from a.arr)`.execute(db);
  return Number(numAffectedRows ?? 0);
}
