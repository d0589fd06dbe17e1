import { type RawBuilder, sql } from 'kysely';
import { owned } from './metrics';
import { col, inScope, type Part, type Row, type TotalsQuery, within } from './metrics-sql';

/**
 * Retention and bands over every account in scope, from its ARR and band at the four edges.
 * ARR at an instant is the latest recorded change at or before it; before the first change,
 * the first one known; with no history, today's ARR: one grouped pass over the changes. The
 * band on a day is the latest snapshot's at or before it: the four days' snapshots in one
 * pass, and a backward descent only for an account with none on an edge's day.
 */
export function accountTotals(q: TotalsQuery, parts: readonly Part[]): RawBuilder<Row> {
  const edges = q.edges;
  // The latest change by (at, id) is the greatest [epoch, id, arr]: a plain max, no sort.
  // A change holds at an edge when it is the last one by (at, id) at or before it: its next
  // change (one window over the changes in that order) is after the edge, or there is none.
  // A plain max of the one matching row, where a max over [epoch, id, arr] arrays built and
  // compared a numeric array per change and aggregate.
  const arrAt = (i: number) =>
    sql`max(c.arr) filter (where c.at <= ${edges[i]}
      and (c.next_at is null or c.next_at > ${edges[i]})) as ${sql.raw(`at${i}`)}`;
  const bandOn = (i: number) => sql`case when e.${sql.raw(`has${i}`)}
      then e.${sql.raw(`band${i}`)}
      else (select h.band from health_snapshots h
        where h.account_id = a.id and h.day <= ${q.bandDays[i]}::date order by h.day desc limit 1)
      end as ${sql.raw(`band${i}`)}`;
  const onDay = (i: number) => sql`bool_or(s.day = ${q.bandDays[i]}::date) as ${sql.raw(`has${i}`)},
      max(s.band) filter (where s.day = ${q.bandDays[i]}::date) as ${sql.raw(`band${i}`)}`;
  const rank = (band: string) =>
    sql`array_position(array['red', 'yellow', 'green'], ${sql.ref(band)}::text)`;
  const perPart = (p: Part) => {
    const s = p.i * 2;
    const arrS = sql.ref(`arr${s}`);
    const bandS = `band${s}`;
    const bandE = `band${s + 1}`;
    // In the cohort: a customer, not churned, when the period began.
    const cohort = sql`since < ${p.days.from}::date and (churned_at is null or churned_at >= ${p.from})`;
    const churnedIn = sql`(churned_at is not null and ${within(sql.ref('churned_at'), p)})`;
    const endArr = sql`case when ${churnedIn} then 0 else coalesce(${sql.ref(`arr${s + 1}`)}, 0) end`;
    const withArr = sql`${cohort} and ${arrS} > 0`;
    // The bands: accounts that are customers when the period ends.
    const atEnd = sql`since <= ${p.days.to}::date and (churned_at is null or churned_at >= ${p.to})`;
    const band = (edge: 'start' | 'end', ref: string) =>
      sql.join(
        (['green', 'yellow', 'red'] as const).map(
          (b) =>
            sql`count(*) filter (where ${atEnd} and ${sql.ref(ref)} = ${b}) as ${col(`${edge}${b}`, p)}`,
        ),
      );
    return sql`
      count(*) filter (where ${cohort}) as ${col('cohort', p)},
      count(*) filter (where ${cohort} and ${churnedIn}) as ${col('churned', p)},
      coalesce(sum(${arrS}) filter (where ${withArr}), 0) as ${col('startarr', p)},
      coalesce(sum(least(${endArr}, ${arrS})) filter (where ${withArr}), 0) as ${col('keptarr', p)},
      coalesce(sum(${endArr}) filter (where ${withArr}), 0) as ${col('endarr', p)},
      ${band('start', bandS)}, ${band('end', bandE)},
      count(*) filter (where ${atEnd} and ${sql.ref(bandS)} is null) as ${col('startnone', p)},
      count(*) filter (where ${atEnd} and ${sql.ref(bandE)} is null) as ${col('endnone', p)},
      count(*) filter (where ${atEnd} and ${rank(bandE)} > ${rank(bandS)}) as ${col('up', p)},
      count(*) filter (where ${atEnd} and ${rank(bandE)} < ${rank(bandS)}) as ${col('down', p)}`;
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
    ), churn as (
      select e.account_id, max(e.at) as churned_at from renewal_events e
      where e.kind = 'churned' and ${inScope(q.scope, sql.ref('e.account_id'))}
      group by e.account_id
    ), edge as (
      select s.account_id, ${onDay(0)}, ${onDay(1)}, ${onDay(2)}, ${onDay(3)}
      from health_snapshots s
      where s.day in (${sql.join(q.bandDays.map((d) => sql`${d}::date`))})
        and ${inScope(q.scope, sql.ref('s.account_id'))}
      group by s.account_id
    ), acc as (
      select coalesce(a.contract_start, (a.created_at at time zone ${q.timeZone})::date) as since,
        churn.churned_at,
        coalesce(arr.at0, arr.first, a.arr) as arr0, coalesce(arr.at1, arr.first, a.arr) as arr1,
        coalesce(arr.at2, arr.first, a.arr) as arr2, coalesce(arr.at3, arr.first, a.arr) as arr3,
        ${bandOn(0)}, ${bandOn(1)}, ${bandOn(2)}, ${bandOn(3)}
      from accounts a
      left join arr on arr.account_id = a.id
      left join churn on churn.account_id = a.id
      left join edge e on e.account_id = a.id
      where ${owned(q.scope, 'a')})
    select ${sql.join(parts.map(perPart))}
    from acc`;
}
