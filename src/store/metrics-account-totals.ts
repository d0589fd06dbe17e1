import { type RawBuilder, sql } from 'kysely';
import { owned } from './metrics';
import { col, inScope, type Part, type Row, type TotalsQuery, within } from './metrics-sql';

// Retention and bands over every account in scope, in two statements that /stats sends side
// by side on separate connections (issue 14): the ARR history and the health snapshots are
// independent reads, and as one statement the slower of them waited for the other.

/** When each account in scope churned (its latest churn), for both statements. */
const churnCte = (q: TotalsQuery) => sql`churn as (
      select e.account_id, max(e.at) as churned_at from renewal_events e
      where e.kind = 'churned' and ${inScope(q.scope, sql.ref('e.account_id'))}
      group by e.account_id)`;
const since = (q: TotalsQuery) =>
  sql`coalesce(a.contract_start, (a.created_at at time zone ${q.timeZone})::date)`;

/**
 * The distinct ones of the four edges (or edge days), and which of them each edge is: for 7d,
 * 30d and 90d the previous period ends where the current one starts, so each account's ARR and
 * band there is worked out once, not twice.
 */
function distinctEdges<T>(four: readonly T[], key: (v: T) => string) {
  const keys: string[] = [];
  const values: T[] = [];
  const at = four.map((v) => {
    const k = key(v);
    if (!keys.includes(k)) {
      keys.push(k);
      values.push(v);
    }
    return keys.indexOf(k);
  });
  return { values, at };
}

/**
 * Cohort, churn and ARR kept per period, from each account's ARR at the four edges. ARR at an
 * instant is the latest recorded change at or before it; before the first change, the first
 * one known; with no history, today's ARR: one grouped pass over the changes. Each account's
 * flags and amounts are worked out once per row, then summed: the conditions are not
 * re-evaluated under a FILTER per column.
 */
export function retentionTotals(q: TotalsQuery, parts: readonly Part[]): RawBuilder<Row> {
  const edges = distinctEdges(q.edges, (d) => d.toISOString());
  // A change holds at an edge when it is the last one by (at, id) at or before it: its next
  // change (one window over the changes in that order) is after the edge, or there is none.
  const arrAt = (edge: Date, i: number) =>
    sql`max(c.arr) filter (where c.at <= ${edge}
      and (c.next_at is null or c.next_at > ${edge})) as ${sql.raw(`at${i}`)}`;
  const arrOf = (_: Date, i: number) =>
    sql`coalesce(${sql.raw(`arr.at${i}`)}, arr.first, a.arr) as ${sql.raw(`arr${i}`)}`;
  const perRow = (p: Part) => {
    const s = p.i * 2;
    const arrS = sql.ref(`arr${edges.at[s]}`);
    // In the cohort: a customer, not churned, when the period began.
    const cohort = sql`since < ${p.days.from}::date and (churned_at is null or churned_at >= ${p.from})`;
    const churnedIn = sql`(churned_at is not null and ${within(sql.ref('churned_at'), p)})`;
    const endArr = sql`case when ${churnedIn} then 0 else coalesce(${sql.ref(`arr${edges.at[s + 1]}`)}, 0) end`;
    const withArr = sql`${cohort} and ${arrS} > 0`;
    return sql`
      case when ${cohort} then 1 else 0 end as ${col('c', p)},
      case when ${cohort} and ${churnedIn} then 1 else 0 end as ${col('ch', p)},
      case when ${withArr} then ${arrS} end as ${col('sa', p)},
      case when ${withArr} then least(${endArr}, ${arrS}) end as ${col('ka', p)},
      case when ${withArr} then ${endArr} end as ${col('ea', p)}`;
  };
  const perPart = (p: Part) => {
    const sum = (v: string) => sql`coalesce(sum(${col(v, p)}), 0)`;
    return sql`
      ${sum('c')} as ${col('cohort', p)}, ${sum('ch')} as ${col('churned', p)},
      ${sum('sa')} as ${col('startarr', p)}, ${sum('ka')} as ${col('keptarr', p)},
      ${sum('ea')} as ${col('endarr', p)}`;
  };
  return sql<Row>`
    with arr as (
      select c.account_id, ${sql.join(edges.values.map(arrAt))},
        max(c.arr) filter (where c.n = 1) as first
      from (
        select c.account_id, c.at, c.arr,
          lead(c.at) over w as next_at, row_number() over w as n
        from account_arr_changes c
        where ${inScope(q.scope, sql.ref('c.account_id'))}
        window w as (partition by c.account_id order by c.at, c.id)) c
      group by c.account_id
    ), ${churnCte(q)}, acc as (
      select ${since(q)} as since, churn.churned_at, ${sql.join(edges.values.map(arrOf))}
      from accounts a
      left join arr on arr.account_id = a.id
      left join churn on churn.account_id = a.id
      where ${owned(q.scope, 'a')}
    ), flags as (
      select ${sql.join(parts.map(perRow))} from acc)
    select ${sql.join(parts.map(perPart))}
    from flags`;
}

/**
 * Health bands at each period's start and end, over the accounts that are customers when it
 * ends. The band on a day is the latest snapshot's at or before it: each distinct edge day's
 * snapshots joined by (account, day) (three days for 7d/30d/90d: the previous period's last
 * day is the day before the current one), and a backward descent only for an account with none
 * on that day. Accounts are first grouped by their bands and whether they count (a few hundred
 * groups at most), so the per-column conditions run over groups, not accounts.
 */
export function bandTotals(q: TotalsQuery, parts: readonly Part[]): RawBuilder<Row> {
  const days = distinctEdges(q.bandDays, (d) => d);
  const snap = (i: number) => sql.raw(`s${i}`);
  const onDay = (day: string, i: number) =>
    sql`left join health_snapshots ${snap(i)} on ${snap(i)}.account_id = a.id and ${snap(i)}.day = ${day}::date`;
  const bandOn = (day: string, i: number) => sql`case when ${snap(i)}.account_id is not null
      then ${snap(i)}.band
      else (select h.band from health_snapshots h
        where h.account_id = a.id and h.day <= ${day}::date order by h.day desc limit 1)
      end as ${sql.raw(`band${i}`)}`;
  const bands = days.values.map((_, i) => `band${i}`).join(', ');
  const rank = (band: string) =>
    sql`array_position(array['red', 'yellow', 'green'], ${sql.ref(band)}::text)`;
  // The bands count accounts that are customers when the period ends.
  const atEnd = (p: Part) =>
    sql`coalesce(since <= ${p.days.to}::date and (churned_at is null or churned_at >= ${p.to}), false)
      as ${col('atend', p)}`;
  const perPart = (p: Part) => {
    const s = p.i * 2;
    const bandS = `band${days.at[s]}`;
    const bandE = `band${days.at[s + 1]}`;
    const atEndP = col('atend', p);
    const n = (cond: RawBuilder<unknown>) =>
      sql`coalesce(sum(n) filter (where ${atEndP} and ${cond}), 0)`;
    const band = (edge: 'start' | 'end', ref: string) =>
      sql.join(
        (['green', 'yellow', 'red'] as const).map(
          (b) => sql`${n(sql`${sql.ref(ref)} = ${b}`)} as ${col(`${edge}${b}`, p)}`,
        ),
      );
    return sql`
      ${band('start', bandS)}, ${band('end', bandE)},
      ${n(sql`${sql.ref(bandS)} is null`)} as ${col('startnone', p)},
      ${n(sql`${sql.ref(bandE)} is null`)} as ${col('endnone', p)},
      ${n(sql`${rank(bandE)} > ${rank(bandS)}`)} as ${col('up', p)},
      ${n(sql`${rank(bandE)} < ${rank(bandS)}`)} as ${col('down', p)}`;
  };
  return sql<Row>`
    with ${churnCte(q)}, acc as (
      select ${since(q)} as since, churn.churned_at, ${sql.join(days.values.map(bandOn))}
      from accounts a
      left join churn on churn.account_id = a.id
      ${sql.join(days.values.map(onDay), sql` `)}
      where ${owned(q.scope, 'a')}
    ), g as (
      select ${sql.join(parts.map(atEnd))}, ${sql.raw(bands)}, count(*) as n
      from acc group by ${sql.raw(parts.map((_, i) => i + 1).join(', '))}, ${sql.raw(bands)})
    select ${sql.join(parts.map(perPart))}
    from g`;
}
