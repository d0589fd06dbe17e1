import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { PeriodTotals } from '../domain/metrics';
import { rollupAlertTotals } from './metrics-alert-rollup';
import {
  col,
  floats,
  hours,
  inScope,
  num,
  type Part,
  type Row,
  type TotalsQuery,
  wholeTeam,
  within,
  withoutJit,
} from './metrics-sql';

export type AlertTotals = PeriodTotals['alerts'];

/**
 * Both periods' alert counts and times. The whole team's come from the daily rollup
 * (store/metrics-alert-rollup.ts); a person's portfolio or a filtered team, a small share of
 * the alerts, from the alerts in scope themselves. Both give the same figures (tests/
 * integration/metrics/totals-equivalence.test.ts).
 */
export function alertTotals(
  db: Db,
  q: TotalsQuery,
  parts: readonly [Part, Part],
): Promise<[AlertTotals, AlertTotals]> {
  if (wholeTeam(q.scope)) return rollupAlertTotals(db, parts);
  return Promise.all([scopedAlertTotals(db, q, parts[0]), scopedAlertTotals(db, q, parts[1])]);
}

/**
 * One period's alerts in scope, read from the index on fired_at that carries the other
 * instants (migration 0340); one statement per period so the two percentile sorts run side by
 * side on two connections. The first touch is the alert's first action by a person (kept on
 * the alert: migrations 0140, 0340). The median and p90 share one sort (percentile_cont over
 * an array of fractions). Acknowledged and resolved count alerts whenever they fired: two
 * index-only counts.
 */
async function scopedAlertTotals(db: Db, q: TotalsQuery, p: Part): Promise<AlertTotals> {
  const { rows } = await withoutJit(
    db,
    sql<Row>`
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
          and ${within(sql.ref('al.fired_at'), p)}) al`,
  );
  const row = rows[0];
  const [ackMedian = null, ackP90 = null] =
    row?.[`ack_${p.i}`] == null ? [] : floats(row[`ack_${p.i}`]);
  const touch = row?.[`touchmedian_${p.i}`];
  return {
    opened: num(row, 'opened', p),
    acknowledged: num(row, 'acknowledged', p),
    resolved: num(row, 'resolved', p),
    acknowledgedFired: num(row, 'ackfired', p),
    ackMedianHours: ackMedian,
    ackP90Hours: ackP90,
    firstTouchMedianHours: touch === null || touch === undefined ? null : Number(touch),
  };
}
