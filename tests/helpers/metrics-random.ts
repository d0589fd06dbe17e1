import { sql } from 'kysely';
import { expect } from 'vitest';
import type { AppContext } from '../../src/app/context';
import { teamMetrics } from '../../src/app/team-metrics';
import type { DB } from '../../src/db/schema';
import type { MetricsScope, PeriodName } from '../../src/domain/metrics';
import { rowByRowMetrics } from './metrics-row-by-row';

// A random year of every kind of record /stats reads, and the comparison of its figures with
// the row-by-row reference (tests/helpers/metrics-row-by-row.ts): shared by the equivalence
// tests of the aggregate statements and of the alert rollup.

export const NOW = '2026-11-23T10:00:00Z';
export const OWNERS = ['ann@tend.test', 'Bob@tend.test', 'cy@tend.test'];

/** A random year around NOW; setseed makes it the same on every run of one database. */
export async function seedRandomHistory(db: DB): Promise<void> {
  await db.connection().execute(async (conn) => {
    const run = (q: ReturnType<typeof sql>) => q.execute(conn);
    const at = (days: number) =>
      sql`date_trunc('milliseconds', ${NOW}::timestamptz - random() * ${days} * interval '1 day')`;
    await run(sql`select setseed(0.42)`);
    await run(sql`
      insert into accounts (external_id, name, segment, arr, owner_email, renewal_date,
        contract_start, status, created_at)
      select 'r-' || i, 'Random ' || i, (array['smb', 'mid-market', 'enterprise'])[1 + i % 3],
        case when random() < 0.1 then null else round((random() * 20000)::numeric, 2) end,
        (array[${sql.join(OWNERS)}])[1 + i % 3],
        ${NOW}::date - 200 + (random() * 400)::int,
        case when random() < 0.15 then null else ${NOW}::date - (random() * 500)::int end,
        case when random() < 0.15 then 'churned' else 'active' end, ${at(600)}
      from generate_series(1, 70) i`);
    await run(sql`
      insert into account_arr_changes (account_id, at, arr)
      select a.id, ${at(400)}, round((random() * 20000)::numeric, 2)
      from accounts a, generate_series(1, 3) k where random() < 0.6`);
    await run(sql`
      insert into health_snapshots (account_id, day, score, band, measures, drivers)
      select a.id, d::date, 50, (array['green', 'yellow', 'red'])[1 + floor(random() * 3)::int],
        '[]'::jsonb, '[]'::jsonb
      from accounts a, generate_series(${NOW}::date - 220, ${NOW}::date, '1 day') d
      where random() < 0.35`);
    await run(sql`
      insert into alerts (account_id, rule, summary, fired_at, status, acknowledged_at,
        resolved_at, severity)
      select account_id, 'rule_' || k, 'random', fired_at,
        case when resolved_at is null then 'open' else 'resolved' end, acknowledged_at,
        resolved_at, 'warning'
      from (select a.id as account_id, k, f as fired_at,
          case when random() < 0.6 then f + random() * interval '72 hours' end as acknowledged_at,
          case when random() < 0.7
            then least(${NOW}::timestamptz, f + random() * interval '20 days') end as resolved_at
        from accounts a, generate_series(1, 10) k, lateral (select ${at(200)} + k * interval '0 s' as f) x
        where random() < 0.7) y`);
    await run(sql`
      insert into alert_events (alert_id, action, actor, platform, at)
      select al.id, 'snooze', 'U1', 'slack',
        date_trunc('milliseconds', al.fired_at + random() * interval '100 hours')
      from alerts al, generate_series(1, 3) k where random() < 0.4`);
    // Tend's own escalations: not a touch (only people's actions are).
    await run(sql`
      insert into alert_events (alert_id, action, actor, platform, at)
      select al.id, 'escalated', 'tend', 'tend',
        date_trunc('milliseconds', al.fired_at + random() * interval '30 hours')
      from alerts al where random() < 0.5`);
    await run(sql`
      insert into survey_answers (external_id, account_id, kind, score, respondent, answered_on)
      select 'sa-' || a.id || '-' || k, a.id, kind,
        case when kind = 'nps' then (random() * 10)::int else 1 + (random() * 4)::int end,
        'x@customer.test', ${NOW}::date - (random() * 200)::int
      from accounts a, generate_series(1, 5) k,
        lateral (select case when random() < 0.5 then 'nps' else 'csat' end || '' as kind) x
      where random() < 0.7`);
    await run(sql`
      insert into survey_loops (account_id, survey_answer_id, reason, opened_at, due_at,
        closed_at, outcome, closed_by)
      select account_id, id, case when kind = 'nps' then 'detractor' else 'low_csat' end,
        answered_on + interval '9 hours', answered_on + interval '57 hours', closed,
        case when closed is not null then 'contacted' end,
        case when closed is not null then 'csm@tend.test' end
      from (select s.*, case when random() < 0.7
          then s.answered_on + random() * interval '100 hours' end as closed
        from survey_answers s
        where (kind = 'nps' and score <= 6) or (kind = 'csat' and score <= 2)) s`);
    await run(sql`
      insert into follow_ups (account_id, title, owner_email, due_on, status, done_at, created_by)
      select account_id, 'random', 'csm@tend.test',
        case when random() < 0.1 then null else due_on end,
        case when done_at is null then 'open' else 'done' end, done_at, 'test'
      from (select a.id as account_id, due_on,
          case when random() < 0.6
            then date_trunc('milliseconds', due_on + random() * interval '8 days' - interval '3 days')
            end as done_at
        from accounts a, generate_series(1, 6) k,
          lateral (select ${NOW}::date - 200 + (random() * 210)::int + k * 0 as due_on) x
        where random() < 0.7) f
      where done_at is null or done_at < ${NOW}::timestamptz`);
    await run(sql`
      insert into renewal_events (account_id, renewal_date, kind, actor, platform, at)
      select a.id, case when random() < 0.5 then a.renewal_date else a.renewal_date - 365 end,
        case when a.status = 'churned' then 'churned'
          when random() < 0.2 then 'snoozed' else 'renewed' end, 'U1', 'slack', ${at(200)}
      from accounts a where random() < 0.8`);
    await run(sql`
      insert into account_reviews (account_id, kind, reason, timeline, created_by, created_at)
      select a.id, case when random() < 0.5 then 'churn' else 'save' end,
        (array['price', 'budget', 'competitor', 'support'])[1 + floor(random() * 4)::int],
        '[]'::jsonb, 'test', ${at(200)}
      from accounts a, generate_series(1, 2) k where random() < 0.4`);
  });
}

/** Same figures: counts exactly, hours and shares to 1e-6 (sums may add in another order). */
export function expectSame(actual: unknown, expected: unknown, path = 'figures'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(actual, path).toBeCloseTo(expected, 6);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    expect(actual, path).toEqual(expected);
    return;
  }
  expect(actual, path).toBeTypeOf('object');
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  expect(Object.keys(a).sort(), path).toEqual(Object.keys(e).sort());
  for (const key of Object.keys(e)) expectSame(a[key], e[key], `${path}.${key}`);
}

export const SCOPES: MetricsScope[] = [
  { kind: 'team' },
  { kind: 'person', email: 'BOB@tend.test' },
  { kind: 'team', filters: { segment: 'SMB' } },
  { kind: 'team', filters: { minArr: 8000, owner: 'ann@tend.test' } },
];
export const PERIODS: PeriodName[] = ['7d', '30d', '90d', 'quarter'];

/** The context with the team's time zone set. */
export function inZone(ctx: AppContext, timeZone: string): AppContext {
  return {
    ...ctx,
    config: { ...ctx.config, settings: { ...ctx.config.settings, timezone: timeZone } },
  };
}

/**
 * Every scope and period's figures against the row-by-row reference; how many combinations had
 * alerts and a cohort (so a test can check the data is not trivially empty).
 */
export async function expectLikeRowByRow(ctx: AppContext): Promise<number> {
  let nonEmpty = 0;
  for (const scope of SCOPES) {
    for (const period of PERIODS) {
      const expected = await rowByRowMetrics(ctx, scope, period);
      const actual = await teamMetrics(ctx, scope, period);
      expectSame(actual, expected, `${JSON.stringify(scope)} ${period}`);
      if (expected.current.alerts.opened > 0 && expected.current.retention.cohort > 0) nonEmpty++;
    }
  }
  return nonEmpty;
}

/**
 * alert_days as its triggers left it, against the same rollup worked out afresh from the
 * alerts there are now (rows netting to zero left out).
 */
export async function expectRollupInStep(db: DB): Promise<number> {
  const kept = await sql<{ day: string; measure: string; bucket: number; n: number }>`
    select day::text, measure, bucket, n from alert_days where n <> 0
    order by day, measure, bucket`.execute(db);
  const bucket = (at: string) =>
    sql.raw(`alert_delay_bucket(extract(epoch from ${at} - fired_at)::float8)`);
  const ack = sql.raw('coalesce(acknowledged_at, resolved_at)');
  const afresh = await sql<{ day: string; measure: string; bucket: number; n: number }>`
    select day::text, measure, bucket, count(*)::int as n from (
      select (fired_at at time zone 'UTC')::date as day, 'ack' as measure,
        coalesce(${bucket('coalesce(acknowledged_at, resolved_at)')}, -1) as bucket
      from alerts
      union all
      select (fired_at at time zone 'UTC')::date, 'touch', ${bucket('first_event_at')}
      from alerts where first_event_at is not null
      union all
      select (${ack} at time zone 'UTC')::date, 'acknowledged', 0 from alerts where ${ack} is not null
      union all
      select (resolved_at at time zone 'UTC')::date, 'resolved', 0 from alerts
      where resolved_at is not null) x
    group by day, measure, bucket
    order by day, measure, bucket`.execute(db);
  expect(kept.rows).toEqual(afresh.rows);
  return afresh.rows.length;
}
