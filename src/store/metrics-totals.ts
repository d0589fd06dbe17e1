import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/schema';
import type { PeriodTotals } from '../domain/metrics';
import { owned } from './metrics';
import { bandTotals, retentionTotals } from './metrics-account-totals';
import {
  col,
  hours,
  inScope,
  onDays,
  type Part,
  type Row,
  type TotalsQuery,
  within,
} from './metrics-sql';

export type { TotalsQuery } from './metrics-sql';

/**
 * Runs one aggregate with Postgres's JIT compiler off. Over a year of history the planner's
 * cost passes jit_above_cost, and compiling these wide aggregates took 3–5 s at 20,000 accounts
 * against well under a second to run them. SET LOCAL needs a transaction: a short one of its
 * own per statement, so the statements still run side by side on separate connections.
 */
async function withoutJit(db: Db, query: RawBuilder<Row>) {
  return db.transaction().execute(async (trx) => {
    await sql`set local jit = off`.execute(trx);
    return query.execute(trx);
  });
}
const num = (row: Row | undefined, name: string, p: Part): number =>
  Number(row?.[`${name}_${p.i}`] ?? 0);
const numOrNull = (row: Row | undefined, name: string, p: Part): number | null => {
  const v = row?.[`${name}_${p.i}`];
  return v === null || v === undefined ? null : Number(v);
};

/** One of the fractions asked of percentile_cont(array[…]); null with no values. */
function quantileOf(row: Row | undefined, name: string, p: Part, index: number): number | null {
  const v = row?.[`${name}_${p.i}`];
  if (v === null || v === undefined) return null;
  const list = typeof v === 'string' ? v.slice(1, -1).split(',') : (v as unknown[]);
  const x = list[index];
  return x === null || x === undefined || x === 'NULL' ? null : Number(x);
}

/**
 * Both periods' totals in seven aggregate statements, one per kind of record, sent at once on
 * separate pool connections (they are independent reads; no transaction ties them). Each
 * returns one row of counts, sums and percentiles per period: no row per alert or account
 * leaves the database. The figures are finished in domain/metrics/totals.ts.
 */
export async function gatherTotals(db: Db, q: TotalsQuery): Promise<[PeriodTotals, PeriodTotals]> {
  const [e0, e1, e2, e3] = q.edges;
  const parts: [Part, Part] = [
    { i: 0, from: e0, to: e1, days: q.previous },
    { i: 1, from: e2, to: e3, days: q.current },
  ];
  const each = (f: (p: Part) => RawBuilder<unknown>) => sql.join(parts.map(f));
  const span = (ref: RawBuilder<unknown>) => sql`(${ref} >= ${e0} and ${ref} < ${e3})`;
  const one = async (query: RawBuilder<Row>) => (await withoutJit(db, query)).rows[0];

  const [alerts, loops, followUps, renewals, surveys, reviews, accounts] = await Promise.all([
    // One statement per period, so the two periods' percentile sorts (the costliest part of
    // /stats) run side by side on two connections. The alerts fired in the period, read from
    // the index on fired_at that carries the other instants (migration 0340): the first touch
    // is the alert's first action by a person (kept on the alert: migrations 0140, 0340). The
    // median and p90 share one sort (percentile_cont over an array of fractions). Acknowledged
    // and resolved count alerts whenever they fired: two index-only counts.
    Promise.all(
      parts.map((p) =>
        one(sql<Row>`
          select count(*) as ${col('opened', p)}, count(ack_at) as ${col('ackfired', p)},
            percentile_cont(array[0.5, 0.9]) within group (order by ${hours('ack_at', 'fired_at')})
              as ${col('ack', p)},
            percentile_cont(0.5) within group (order by ${hours('first_event_at', 'fired_at')})
              as ${col('touchmedian', p)},
            (select count(*) from alerts a1 where ${inScope(q.scope, sql.ref('a1.account_id'))}
              and ${within(sql`coalesce(a1.acknowledged_at, a1.resolved_at)`, p)})
              as ${col('acknowledged', p)},
            (select count(*) from alerts a2 where ${inScope(q.scope, sql.ref('a2.account_id'))}
              and ${within(sql.ref('a2.resolved_at'), p)}) as ${col('resolved', p)}
          from (
            select al.fired_at, coalesce(al.acknowledged_at, al.resolved_at) as ack_at,
              al.first_event_at
            from alerts al
            where ${inScope(q.scope, sql.ref('al.account_id'))}
              and ${within(sql.ref('al.fired_at'), p)}) al`),
      ),
    ).then(([previous, current]) => ({ ...previous, ...current })),
    // A loop counts once its clock has run out (by now).
    one(sql<Row>`
      select ${each(
        (p) => sql`
        count(*) filter (where l.due_at >= ${p.from} and l.due_at < least(${p.to}::timestamptz, ${q.now}::timestamptz))
          as ${col('due', p)},
        count(*) filter (where l.due_at >= ${p.from} and l.due_at < least(${p.to}::timestamptz, ${q.now}::timestamptz)
          and l.closed_at <= l.due_at) as ${col('ontime', p)}`,
      )}
      from survey_loops l
      where ${inScope(q.scope, sql.ref('l.account_id'))} and ${span(sql.ref('l.due_at'))}`),
    // Due in the span, or done in it and due outside it (or never): each follow-up once, by
    // the two indexes on due_on and done_at.
    one(sql<Row>`
      with f as (
        select f.due_on, (f.done_at at time zone ${q.timeZone})::date as done_on
        from follow_ups f
        where ${inScope(q.scope, sql.ref('f.account_id'))}
          and f.due_on between ${q.fromDay}::date and ${q.toDay}::date
        union all
        select f.due_on, (f.done_at at time zone ${q.timeZone})::date
        from follow_ups f
        where ${inScope(q.scope, sql.ref('f.account_id'))} and ${span(sql.ref('f.done_at'))}
          and (f.due_on is null or f.due_on not between ${q.fromDay}::date and ${q.toDay}::date))
      select ${each(
        (p) => sql`
        count(*) filter (where ${onDays(sql.ref('done_on'), p)}) as ${col('done', p)},
        count(*) filter (where ${onDays(sql.ref('due_on'), p)} and due_on < ${q.today}::date
          and (done_on is null or done_on > due_on)) as ${col('overdue', p)}`,
      )}
      from f`),
    // Decided renewals (a churn undone is deleted), then those due that nobody has decided.
    one(sql<Row>`
      with r as (
        select e.kind as outcome, a.arr, e.at as decided_at, e.renewal_date as due_on
        from renewal_events e join accounts a on a.id = e.account_id
        where ${owned(q.scope, 'a')} and e.kind in ('renewed', 'churned')
          and ${span(sql.ref('e.at'))}
        union all
        select null, a.arr, null, a.renewal_date
        from accounts a
        where ${owned(q.scope, 'a')} and a.status = 'active'
          and a.renewal_date between ${q.fromDay}::date and ${q.toDay}::date
          and not exists (select 1 from renewal_events e where e.account_id = a.id
            and e.renewal_date = a.renewal_date and e.kind in ('renewed', 'churned')))
      select ${each((p) => {
        const won = sql`outcome = 'renewed' and ${within(sql.ref('decided_at'), p)}`;
        const lost = sql`outcome = 'churned' and ${within(sql.ref('decided_at'), p)}`;
        const open = sql`outcome is null and ${onDays(sql.ref('due_on'), p)}`;
        return sql`
        count(*) filter (where ${won}) as ${col('won', p)},
        coalesce(sum(arr) filter (where ${won}), 0) as ${col('wonarr', p)},
        count(*) filter (where ${lost}) as ${col('lost', p)},
        coalesce(sum(arr) filter (where ${lost}), 0) as ${col('lostarr', p)},
        count(*) filter (where ${open}) as ${col('open', p)},
        coalesce(sum(arr) filter (where ${open}), 0) as ${col('openarr', p)}`;
      })}
      from r`),
    one(sql<Row>`
      select ${each((p) => {
        const on = onDays(sql.ref('s.answered_on'), p);
        return sql`
        count(*) filter (where ${on} and s.kind = 'nps') as ${col('nps', p)},
        count(*) filter (where ${on} and s.kind = 'nps' and s.score >= 9) as ${col('promoters', p)},
        count(*) filter (where ${on} and s.kind = 'nps' and s.score <= 6)
          as ${col('detractors', p)},
        count(*) filter (where ${on} and s.kind <> 'nps') as ${col('csat', p)},
        count(*) filter (where ${on} and s.kind <> 'nps' and s.score >= 4)
          as ${col('satisfied', p)}`;
      })}
      from survey_answers s
      where ${inScope(q.scope, sql.ref('s.account_id'))}
        and s.answered_on between ${q.fromDay}::date and ${q.toDay}::date`),
    sql<Row>`
      select r.kind, r.reason,
        ${each((p) => sql`count(*) filter (where ${within(sql.ref('r.created_at'), p)}) as ${col('n', p)}`)}
      from account_reviews r
      where ${inScope(q.scope, sql.ref('r.account_id'))} and ${span(sql.ref('r.created_at'))}
      group by r.kind, r.reason`.execute(db),
    // Retention and bands: two statements side by side (store/metrics-account-totals.ts).
    Promise.all([one(retentionTotals(q, parts)), one(bandTotals(q, parts))]).then(
      ([retention, bands]): Row => ({ ...retention, ...bands }),
    ),
  ]);

  return parts.map(
    (p): PeriodTotals => ({
      alerts: {
        opened: num(alerts, 'opened', p),
        acknowledged: num(alerts, 'acknowledged', p),
        resolved: num(alerts, 'resolved', p),
        acknowledgedFired: num(alerts, 'ackfired', p),
        ackMedianHours: quantileOf(alerts, 'ack', p, 0),
        ackP90Hours: quantileOf(alerts, 'ack', p, 1),
        firstTouchMedianHours: numOrNull(alerts, 'touchmedian', p),
      },
      loops: { due: num(loops, 'due', p), closedOnTime: num(loops, 'ontime', p) },
      followUps: { done: num(followUps, 'done', p), overdue: num(followUps, 'overdue', p) },
      renewals: {
        won: { count: num(renewals, 'won', p), arr: num(renewals, 'wonarr', p) },
        lost: { count: num(renewals, 'lost', p), arr: num(renewals, 'lostarr', p) },
        open: { count: num(renewals, 'open', p), arr: num(renewals, 'openarr', p) },
      },
      retention: {
        cohort: num(accounts, 'cohort', p),
        churned: num(accounts, 'churned', p),
        startArr: num(accounts, 'startarr', p),
        keptArr: num(accounts, 'keptarr', p),
        endArr: num(accounts, 'endarr', p),
      },
      surveys: {
        nps: num(surveys, 'nps', p),
        promoters: num(surveys, 'promoters', p),
        detractors: num(surveys, 'detractors', p),
        csat: num(surveys, 'csat', p),
        satisfied: num(surveys, 'satisfied', p),
      },
      bands: {
        start: bandCounts(accounts, 'start', p),
        end: bandCounts(accounts, 'end', p),
        up: num(accounts, 'up', p),
        down: num(accounts, 'down', p),
      },
      reviews: reviews.rows.flatMap((r) => {
        const count = num(r, 'n', p);
        return count > 0
          ? [{ kind: r.kind as 'churn' | 'save', reason: String(r.reason), count }]
          : [];
      }),
    }),
  ) as [PeriodTotals, PeriodTotals];
}

function bandCounts(row: Row | undefined, edge: 'start' | 'end', p: Part) {
  return {
    green: num(row, `${edge}green`, p),
    yellow: num(row, `${edge}yellow`, p),
    red: num(row, `${edge}red`, p),
    none: num(row, `${edge}none`, p),
  };
}
