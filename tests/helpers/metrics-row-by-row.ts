import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context';
import { localDay } from '../../src/app/context';
import type { Db } from '../../src/db/schema';
import { addDays } from '../../src/domain/dates';
import type { Band } from '../../src/domain/health';
import {
  type AccountAtEdges,
  type AlertTimes,
  type FollowUpDays,
  type LoopTimes,
  type MetricsScope,
  type PeriodName,
  periodFigures,
  periodsOf,
  type RenewalSpanRow,
  type SpanInputs,
  type SurveySpanRow,
  splitSpan,
  type TeamMetrics,
} from '../../src/domain/metrics';
import { localToInstant } from '../../src/domain/schedule';
import { owned, type SpanQuery } from '../../src/store/metrics';

// The store's gathering as it was before store/metrics-totals.ts: every row to Node, figures
// by the row-by-row formulas (domain splitSpan + periodFigures). Kept as the reference the
// aggregate statements are compared with (tests/integration/metrics/totals-equivalence.test.ts).

/**
 * Gathers the raw rows for both periods in seven set-based statements, one per kind of record;
 * the figures are computed in domain/metrics. Nothing here loops over accounts.
 */
export async function gatherSpanRows(db: Db, q: SpanQuery): Promise<SpanInputs> {
  const [from, , , to] = q.edges;
  const alerts = await sql<AlertTimes>`
    select al.fired_at as "firedAt", al.acknowledged_at as "acknowledgedAt",
      al.resolved_at as "resolvedAt",
      (select min(e.at) from alert_events e where e.alert_id = al.id and e.platform <> 'tend')
        as "firstTouchAt"
    from alerts al join accounts a on a.id = al.account_id
    where ${owned(q.scope, 'a')} and (
      (al.fired_at >= ${from} and al.fired_at < ${to})
      or (al.acknowledged_at >= ${from} and al.acknowledged_at < ${to})
      or (al.resolved_at >= ${from} and al.resolved_at < ${to}))`.execute(db);

  const loops = await sql<LoopTimes>`
    select l.due_at as "dueAt", l.closed_at as "closedAt"
    from survey_loops l join accounts a on a.id = l.account_id
    where ${owned(q.scope, 'a')} and l.due_at >= ${from} and l.due_at < ${to}`.execute(db);

  const followUps = await sql<FollowUpDays>`
    select f.due_on as "dueOn", (f.done_at at time zone ${q.timeZone})::date as "doneOn"
    from follow_ups f join accounts a on a.id = f.account_id
    where ${owned(q.scope, 'a')} and (
      (f.due_on between ${q.fromDay}::date and ${q.toDay}::date)
      or (f.done_at >= ${from} and f.done_at < ${to}))`.execute(db);

  // Decided renewals (a churn undone is deleted, so only outcomes that stand), then those due
  // in the span that nobody has decided.
  const renewals = await sql<RenewalSpanRow>`
    select e.kind as outcome, a.arr, e.at as "decidedAt", e.renewal_date as "dueOn"
    from renewal_events e join accounts a on a.id = e.account_id
    where ${owned(q.scope, 'a')} and e.kind in ('renewed', 'churned')
      and e.at >= ${from} and e.at < ${to}
    union all
    select null, a.arr, null, a.renewal_date
    from accounts a
    where ${owned(q.scope, 'a')} and a.status = 'active'
      and a.renewal_date between ${q.fromDay}::date and ${q.toDay}::date
      and not exists (select 1 from renewal_events e where e.account_id = a.id
        and e.renewal_date = a.renewal_date and e.kind in ('renewed', 'churned'))`.execute(db);

  const surveys = await sql<SurveySpanRow>`
    select s.kind, s.score, s.answered_on as "answeredOn"
    from survey_answers s join accounts a on a.id = s.account_id
    where ${owned(q.scope, 'a')}
      and s.answered_on between ${q.fromDay}::date and ${q.toDay}::date`.execute(db);

  const reviews = await sql<{ kind: 'churn' | 'save'; reason: string; at: Date }>`
    select r.kind, r.reason, r.created_at as at
    from account_reviews r join accounts a on a.id = r.account_id
    where ${owned(q.scope, 'a')} and r.created_at >= ${from} and r.created_at < ${to}`.execute(db);

  const accounts = await gatherAccounts(db, q);
  return {
    alerts: alerts.rows,
    loops: loops.rows,
    followUps: followUps.rows,
    renewals: renewals.rows,
    surveys: surveys.rows,
    accounts,
    reviews: reviews.rows,
  };
}

interface AccountRow {
  since: string;
  churned_at: Date | null;
  arr0: number | null;
  arr1: number | null;
  arr2: number | null;
  arr3: number | null;
  band0: Band | null;
  band1: Band | null;
  band2: Band | null;
  band3: Band | null;
}

/**
 * Every account in scope with its ARR and band at the three edges. ARR at an instant is the
 * latest recorded change at or before it; before the first change, the first one known (an
 * account's history starts when Tend first saw it); with no history, today's ARR.
 */
async function gatherAccounts(db: Db, q: SpanQuery): Promise<AccountAtEdges[]> {
  const [e0, e1, e2, e3] = q.edges;
  const [d0, d1, d2, d3] = q.bandDays;
  const arrAt = (at: Date) => sql`coalesce(
      (select c.arr from account_arr_changes c where c.account_id = a.id and c.at <= ${at}
        order by c.at desc, c.id desc limit 1),
      (select c.arr from account_arr_changes c where c.account_id = a.id
        order by c.at, c.id limit 1),
      a.arr)`;
  // The band on a day is the latest snapshot's at or before it. Snapshots are daily, so it is
  // nearly always the one on that very day: all four days' snapshots are read in one pass
  // (the day index), and only an account with no snapshot on an edge's day falls back to one
  // backward descent of its own (CASE evaluates the subquery only then).
  const bandOn = (i: number, day: string) => sql`case when e.has${sql.raw(String(i))}
      then e.band${sql.raw(String(i))}
      else (select h.band from health_snapshots h
        where h.account_id = a.id and h.day <= ${day}::date order by h.day desc limit 1) end`;
  const onDay = (
    i: number,
    day: string,
  ) => sql`bool_or(s.day = ${day}::date) as ${sql.raw(`has${i}`)},
      max(s.band) filter (where s.day = ${day}::date) as ${sql.raw(`band${i}`)}`;
  const { rows } = await sql<AccountRow>`
    select coalesce(a.contract_start, (a.created_at at time zone ${q.timeZone})::date) as since,
      (select max(e.at) from renewal_events e where e.account_id = a.id and e.kind = 'churned')
        as churned_at,
      ${arrAt(e0)} as arr0, ${arrAt(e1)} as arr1, ${arrAt(e2)} as arr2, ${arrAt(e3)} as arr3,
      ${bandOn(0, d0)} as band0, ${bandOn(1, d1)} as band1, ${bandOn(2, d2)} as band2,
      ${bandOn(3, d3)} as band3
    from accounts a
    left join (
      select s.account_id, ${onDay(0, d0)}, ${onDay(1, d1)}, ${onDay(2, d2)}, ${onDay(3, d3)}
      from health_snapshots s
      where s.day in (${d0}::date, ${d1}::date, ${d2}::date, ${d3}::date)
      group by s.account_id) e on e.account_id = a.id
    where ${owned(q.scope, 'a')}`.execute(db);
  return rows.map((r) => ({
    since: r.since,
    // Only a churn that stands: an account active today has none (an undo deletes it).
    churnedAt: r.churned_at,
    arr: [r.arr0, r.arr1, r.arr2, r.arr3],
    band: [r.band0, r.band1, r.band2, r.band3],
  }));
}

/** Team metrics the old way: every row gathered, figures by the row-by-row formulas. */
export async function rowByRowMetrics(
  ctx: AppContext,
  scope: MetricsScope,
  period: PeriodName,
): Promise<TeamMetrics> {
  const now = ctx.clock.now();
  const timeZone = ctx.config.settings.timezone;
  const today = localDay(ctx, now);
  const periods = periodsOf(period, today);
  const midnight = (day: string) => localToInstant(day, '00:00', timeZone);
  const edges = [
    midnight(periods.previous.from),
    midnight(addDays(periods.previous.to, 1)),
    midnight(periods.current.from),
    midnight(addDays(periods.current.to, 1)),
  ] as const;
  const span = await gatherSpanRows(ctx.db, {
    scope,
    edges,
    fromDay: periods.previous.from,
    toDay: periods.current.to,
    bandDays: [
      addDays(periods.previous.from, -1),
      periods.previous.to,
      addDays(periods.current.from, -1),
      periods.current.to,
    ],
    timeZone,
  });
  const split = splitSpan(span, periods, edges);
  return {
    scope,
    period,
    current: periodFigures(split.current, today, now),
    previous: periodFigures(split.previous, today, now),
  };
}
