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
 * Cohort, churn and ARR kept per period, from each account's ARR at the four edges. ARR at an
 * instant is the latest recorded change at or before it; before the first change, the first
 * one known; with no history, today's ARR: one grouped pass over the changes. Each account's
 * flags and amounts are worked out once per row, then summed: the conditions are not
 * re-evaluated under a FILTER per column.
 */
export function retentionTotals(q: TotalsQuery, parts: readonly Part[]): RawBuilder<Row> {
  const edges = q.edges;
  // A change holds at an edge when it is the last one by (at, id) at or before it: its next
  // change (one window over the changes in that order) is after the edge, or there is none.
  const arrAt = (i: number) =>
    sql`max(c.arr) filter (where c.at <= ${edges[i]}
      and (c.next_at is null or c.next_at > ${edges[i]})) as ${sql.raw(`at${i}`)}`;
  const perRow = (p: Part) => {
    const s = p.i * 2;
    const arrS = sql.ref(`arr${s}`);
    // In the cohort: a customer, not churned, when the period began.
    const cohort = sql`since < ${p.days.from}::date and (churned_at is null or churned_at >= ${p.from})`;
    const churnedIn = sql`(churned_at is not null and ${within(sql.ref('churned_at'), p)})`;
    const endArr = sql`case when ${churnedIn} then 0 else coalesce(${sql.ref(`arr${s + 1}`)}, 0) end`;
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
      select c.account_id, ${arrAt(0)}, ${arrAt(1)}, ${arrAt(2)}, ${arrAt(3)},
        max(c.arr) filter (where c.n = 1) as first
      from (
        select c.account_id, c.at, c.arr,
          lead(c.at) over w as next_at, row_number() over w as n
        from account_arr_changes c
        where ${inScope(q.scope, sql.ref('c.account_id'))}
        window w as (partition by c.account_id order by c.at, c.id)) c
      group by c.account_id
    ), ${churnCte(q)}, acc as (
      select ${since(q)} as since, churn.churned_at,
        coalesce(arr.at0, arr.first, a.arr) as arr0, coalesce(arr.at1, arr.first, a.arr) as arr1,
        coalesce(arr.at2, arr.first, a.arr) as arr2, coalesce(arr.at3, arr.first, a.arr) as arr3
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
 * ends. The band on a day is the latest snapshot's at or before it: the four days' snapshots
 * in one pass (the table is laid out by day: a few hundred pages), and a backward descent only for an account with
 * none on an edge's day. Accounts are first grouped by their bands and whether they count
 * (a few hundred groups at most), so the per-column conditions run over groups, not accounts.
 */
export function bandTotals(q: TotalsQuery, parts: readonly Part[]): RawBuilder<Row> {
  const bandOn = (i: number) => sql`case when e.${sql.raw(`has${i}`)}
      then e.${sql.raw(`band${i}`)}
      else (select h.band from health_snapshots h
        where h.account_id = a.id and h.day <= ${q.bandDays[i]}::date order by h.day desc limit 1)
      end as ${sql.raw(`band${i}`)}`;
  const onDay = (i: number) => sql`bool_or(s.day = ${q.bandDays[i]}::date) as ${sql.raw(`has${i}`)},
      max(s.band) filter (where s.day = ${q.bandDays[i]}::date) as ${sql.raw(`band${i}`)}`;
  const rank = (band: string) =>
    sql`array_position(array['red', 'yellow', 'green'], ${sql.ref(band)}::text)`;
  // The bands count accounts that are customers when the period ends.
  const atEnd = (p: Part) =>
    sql`coalesce(since <= ${p.days.to}::date and (churned_at is null or churned_at >= ${p.to}), false)
      as ${col('atend', p)}`;
  const perPart = (p: Part) => {
    const s = p.i * 2;
    const bandS = `band${s}`;
    const bandE = `band${s + 1}`;
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
    with ${churnCte(q)}, edge as (
      select s.account_id, ${onDay(0)}, ${onDay(1)}, ${onDay(2)}, ${onDay(3)}
      from health_snapshots s
      where s.day in (${sql.join(q.bandDays.map((d) => sql`${d}::date`))})
        and ${inScope(q.scope, sql.ref('s.account_id'))}
      group by s.account_id
    ), acc as (
      select ${since(q)} as since, churn.churned_at,
        ${bandOn(0)}, ${bandOn(1)}, ${bandOn(2)}, ${bandOn(3)}
      from accounts a
      left join churn on churn.account_id = a.id
      left join edge e on e.account_id = a.id
      where ${owned(q.scope, 'a')}
    ), g as (
      select ${sql.join(parts.map(atEnd))}, band0, band1, band2, band3, count(*) as n
      from acc group by ${sql.raw(parts.map((_, i) => i + 1).join(', '))}, band0, band1, band2, band3)
    select ${sql.join(parts.map(perPart))}
    from g`;
}
