import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/schema';
import type { PeriodTotals } from '../domain/metrics';
import { owned } from './metrics';
import { bandTotals, retentionTotals } from './metrics-account-totals';
import { alertTotals } from './metrics-alert-totals';
import {
  col,
  inScope,
  num,
  onDays,
  type Part,
  type Row,
  type TotalsQuery,
  within,
  withoutJit,
} from './metrics-sql';

export type { TotalsQuery } from './metrics-sql';

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
    alertTotals(db, q, parts),
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
      alerts: alerts[p.i],
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
