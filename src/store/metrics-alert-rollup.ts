import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/schema';
import type { PeriodTotals } from '../domain/metrics';
import {
  type BucketCount,
  interpolate,
  locateRank,
  quantileRanks,
  wholeUtcDays,
} from '../domain/metrics/histogram';
import { floats, hours, type Part, STATEMENT_SETTINGS } from './metrics-sql';

// The whole team's alert figures from alert_days (migration T0430), exactly as percentile_cont
// over every alert fired in the period gives them, in two small statements instead of reading
// and sorting each period's alerts: (1) the counts per bucket over the whole UTC days of each
// period, plus the alerts of the hours at either end that no whole day covers; (2) the exact
// times of the few alerts in the buckets that hold each percentile's two ranks.

type Measure = 'ack' | 'touch';
type AlertTotals = PeriodTotals['alerts'];
const ACK_AT = sql`coalesce(al.acknowledged_at, al.resolved_at)`;
// The same expressions as the rollup's triggers and the two bucket indexes (migration T0430).
const bucketOf = (at: RawBuilder<unknown>) =>
  sql`alert_delay_bucket(date_part('epoch', ${at} - al.fired_at))`;
const MEASURES: Record<Measure, { at: RawBuilder<unknown>; hours: RawBuilder<unknown> }> = {
  ack: { at: ACK_AT, hours: sql`date_part('epoch', ${ACK_AT} - al.fired_at) / 3600.0` },
  touch: { at: sql`al.first_event_at`, hours: hours('al.first_event_at', 'al.fired_at') },
};
const QUANTILES: Record<Measure, readonly number[]> = { ack: [0.5, 0.9], touch: [0.5] };

interface CountRow {
  i: number;
  measure: string;
  bucket: number;
  n: string | number;
}

/** Per period: the measures' counts per bucket, from the rollup and the hours at either end. */
function countsStatement(parts: readonly Part[]): RawBuilder<CountRow> {
  const spans = parts.map((p) => ({ i: p.i, ...wholeUtcDays(p.from, p.to) }));
  const days = spans.flatMap((s) =>
    s.days ? [sql`(${s.i}::int, ${s.days.from}::date, ${s.days.until}::date)`] : [],
  );
  const ends = spans.flatMap((s) =>
    s.ends.map((e) => sql`(${s.i}::int, ${e.from}::timestamptz, ${e.to}::timestamptz)`),
  );
  const branches: RawBuilder<unknown>[] = [];
  if (days.length > 0) {
    branches.push(sql`
      select w.i, d.measure, d.bucket, d.n
      from (values ${sql.join(days)}) w(i, first, until)
      join alert_days d on d.day >= w.first and d.day < w.until`);
  }
  if (ends.length > 0) {
    const w = sql`(values ${sql.join(ends)}) w(i, from_at, to_at)`;
    const on = (at: RawBuilder<unknown>) => sql`${at} >= w.from_at and ${at} < w.to_at`;
    branches.push(sql`
      select w.i, 'ack', coalesce(${bucketOf(ACK_AT)}, -1), 1
      from ${w} join alerts al on ${on(sql`al.fired_at`)}
      union all
      select w.i, 'touch', ${bucketOf(sql`al.first_event_at`)}, 1
      from ${w} join alerts al on ${on(sql`al.fired_at`)} and al.first_event_at is not null
      union all
      select w.i, 'acknowledged', 0, 1 from ${w} join alerts al on ${on(ACK_AT)}
      union all
      select w.i, 'resolved', 0, 1 from ${w} join alerts al on ${on(sql`al.resolved_at`)}`);
  }
  return sql<CountRow>`
    select i, measure, bucket, sum(n) as n
    from (${sql.join(branches, sql` union all `)}) x(i, measure, bucket, n)
    group by i, measure, bucket
    having sum(n) <> 0`;
}

/** A read of the alerts of one bucket fired in one period: ranks first..last within it. */
interface BucketRead {
  part: Part;
  measure: Measure;
  bucket: number;
  first: number;
  last: number;
}

const bucketKey = (i: number, measure: Measure, bucket: number) => `${i}:${measure}:${bucket}`;

function valuesStatement(reads: readonly BucketRead[]): RawBuilder<Record<string, unknown>> {
  const columns = reads.map((r) => {
    const m = MEASURES[r.measure];
    return sql`array(
      select ${m.hours} from alerts al
      where ${bucketOf(m.at)} = ${r.bucket} and ${m.at} is not null
        and al.fired_at >= ${r.part.from} and al.fired_at < ${r.part.to}
      order by 1 offset ${r.first} limit ${r.last - r.first + 1})
      as ${sql.ref(bucketKey(r.part.i, r.measure, r.bucket))}`;
  });
  return sql`select ${sql.join(columns)}`;
}

interface Wanted {
  part: Part;
  measure: Measure;
  q: number;
  low: { bucket: number; offset: number };
  high: { bucket: number; offset: number };
  frac: number;
}

/**
 * Both periods' alert totals for every account, read in one snapshot (REPEATABLE READ) so
 * the second statement finds each bucket as the first counted it.
 */
export async function rollupAlertTotals(
  db: Db,
  parts: readonly [Part, Part],
): Promise<[AlertTotals, AlertTotals]> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      await STATEMENT_SETTINGS.execute(trx);
      const { rows } = await countsStatement(parts).execute(trx);
      const of = (i: number, measure: string) =>
        rows
          .filter((r) => r.i === i && r.measure === measure)
          .map((r): BucketCount => ({ bucket: Number(r.bucket), n: Number(r.n) }));
      const sum = (counts: BucketCount[]) => counts.reduce((s, c) => s + c.n, 0);

      const wanted: Wanted[] = [];
      for (const part of parts) {
        for (const measure of ['ack', 'touch'] as const) {
          // Not acknowledged yet (bucket -1) counts as opened, and has no time.
          const counts = of(part.i, measure).filter((c) => c.bucket >= 0);
          const n = sum(counts);
          if (n === 0) continue;
          for (const q of QUANTILES[measure]) {
            const { low, high, frac } = quantileRanks(n, q);
            wanted.push({
              part,
              measure,
              q,
              low: locateRank(counts, low),
              high: locateRank(counts, high),
              frac,
            });
          }
        }
      }
      const reads = new Map<string, BucketRead>();
      for (const w of wanted) {
        for (const at of [w.low, w.high]) {
          const key = bucketKey(w.part.i, w.measure, at.bucket);
          const r = reads.get(key);
          reads.set(key, {
            part: w.part,
            measure: w.measure,
            bucket: at.bucket,
            first: Math.min(r?.first ?? at.offset, at.offset),
            last: Math.max(r?.last ?? at.offset, at.offset),
          });
        }
      }
      const values =
        reads.size > 0
          ? ((await valuesStatement([...reads.values()]).execute(trx)).rows[0] ?? {})
          : {};
      const valueAt = (w: Wanted, at: { bucket: number; offset: number }): number => {
        const key = bucketKey(w.part.i, w.measure, at.bucket);
        const v = floats(values[key])[at.offset - (reads.get(key)?.first ?? 0)];
        // The rollup and the alerts disagree: a bug, never a figure to show.
        if (v === null || v === undefined) {
          throw new Error(`alert_days out of step with alerts at ${key} rank ${at.offset}`);
        }
        return v;
      };
      const quantile = (i: number, measure: Measure, q: number): number | null => {
        const w = wanted.find((x) => x.part.i === i && x.measure === measure && x.q === q);
        return w ? interpolate(valueAt(w, w.low), valueAt(w, w.high), w.frac) : null;
      };

      const totals = (p: Part): AlertTotals => {
        const ack = of(p.i, 'ack');
        return {
          opened: sum(ack),
          acknowledged: sum(of(p.i, 'acknowledged')),
          resolved: sum(of(p.i, 'resolved')),
          acknowledgedFired: sum(ack.filter((c) => c.bucket >= 0)),
          ackMedianHours: quantile(p.i, 'ack', 0.5),
          ackP90Hours: quantile(p.i, 'ack', 0.9),
          firstTouchMedianHours: quantile(p.i, 'touch', 0.5),
        };
      };
      return [totals(parts[0]), totals(parts[1])];
    });
}
