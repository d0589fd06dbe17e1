import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { AppContext } from '../../src/app/context';
import { statsAnswer } from '../../src/app/stats';
import { teamMetrics } from '../../src/app/team-metrics';
import { fixedClock } from '../../src/clock';
import type { Database } from '../../src/db/schema';
import { BENCH_URL, freshBenchDatabase, keptBenchDatabase, median, ms, timed } from './bench-db';
import type { BenchResult } from './figures';

// `npm run bench -- stats [--accounts 20000] [--runs 200] [--explain] [--keep] [--against <dir>]`:
// seeds N accounts with a
// year of history (daily health snapshots, alerts with acks and resolutions and their events,
// follow-ups, NPS/CSAT answers and their loops, renewals won and lost, ARR changes, churn and
// save reviews) on real Postgres, then times `/stats team 90d` (the use case the Slack and
// Teams commands call: gather + figures + card) p50/p99, beside one aggregate query over the
// same alert rows as a baseline. Uses its own database next to BENCH_DATABASE_URL's; with
// --keep, a database seeded before with as many accounts is reused (and migrated). With
// --against, another checkout's use case (e.g. `git worktree add /tmp/main main`, its
// node_modules linked) is timed too, run for run alternating with this one's, on the same
// database: an A/B in one process and one hour. It only reads, so this checkout's migrations
// (a newer schema) do not stand in its way.

const TODAY = '2026-11-23';
const NOW = '2026-11-23T12:00:00Z';
const RULES = [
  'band_drop',
  'score_drop',
  'inactivity',
  'usage_decline',
  'detractor',
  'urgent_ticket',
];

function text(args: string[], name: string): string | null {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return null;
  const v = args[i + 1];
  if (!v || v.startsWith('--')) throw new Error(`--${name} takes a value`);
  return v;
}

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} takes a positive whole number`);
  return v;
}

async function seedYear(db: AppContext['db'], n: number): Promise<Record<string, number>> {
  const ids = sql`generate_series(1, ${n}::int)`;
  await sql`
    insert into accounts (id, external_id, name, segment, arr, owner_email, renewal_date,
      contract_start, status, created_at)
    select i, 's-' || i, 'Account ' || i, (array['enterprise','mid-market','smb'])[1 + i % 3],
      1000 * (5 + i % 200), 'csm' || (i % 50) || '@tend.test',
      ${TODAY}::date - 180 + (i % 365), ${TODAY}::date - 400 - (i % 700),
      case when i % 25 = 0 then 'churned' else 'active' end, now() - interval '2 years'
    from ${ids} as t(i)`.execute(db);
  await sql`select setval('accounts_id_seq', ${n})`.execute(db);
  // A score a day for a year, wandering by account.
  await sql`
    insert into health_snapshots (account_id, day, score, band, measures, drivers, onboarding)
    select i, d::date, s,
      case when s >= 70 then 'green' when s >= 40 then 'yellow' else 'red' end,
      '[]'::jsonb, '[]'::jsonb, false
    from (select i, d, greatest(0, least(100,
            50 + (i * 37) % 40 - 20 + ((extract(doy from d)::int + i) % 30) - 15)) as s
          from ${ids} as t(i), generate_series(${TODAY}::date - 364, ${TODAY}::date, '1 day') d) x`.execute(
    db,
  );
  // Two alerts a month per account; most acknowledged within hours, resolved days later;
  // only each account's last two stay open (one open alert per account and rule).
  await sql`
    insert into alerts (account_id, rule, summary, fired_at, status, acknowledged_at,
      acknowledged_by, resolved_at, resolved_by, severity)
    select i, (array[${sql.join(RULES.map((r) => sql`${r}`))}])[1 + (i + k) % 6], 'bench alert', f,
      case when k >= 22 then 'open' else 'resolved' end,
      case when k < 22 and (i + k) % 5 <> 0 then f + ((i * k) % 47 + 1) * interval '1 hour' end,
      case when k < 22 and (i + k) % 5 <> 0 then '@csm' end,
      case when k < 22 then f + ((i + k) % 9 + 2) * interval '1 day' end,
      case when k < 22 then '@csm' end,
      case when k % 3 = 0 then 'critical' else 'warning' end
    from ${ids} as t(i), generate_series(0, 23) k,
      lateral (select ${NOW}::timestamptz - interval '365 days'
        + (k * 15 + i % 15) * interval '1 day' + (i % 24) * interval '1 hour' as f) x`.execute(db);
  await sql`
    insert into alert_events (alert_id, action, actor, platform, details, at)
    select id, 'ack', 'U0CSM', 'slack', '{}'::jsonb, acknowledged_at from alerts
    where acknowledged_at is not null
    union all
    select id, 'resolve', 'U0CSM', 'slack', '{}'::jsonb, resolved_at from alerts
    where resolved_at is not null`.execute(db);
  // A follow-up a month, most done (some late), the rest overdue or ahead.
  await sql`
    insert into follow_ups (account_id, title, owner_email, due_on, status, done_at, created_by)
    select i, 'call the sponsor', 'csm' || (i % 50) || '@tend.test', due,
      case when due < ${TODAY}::date - 3 and (i + m) % 4 <> 0 then 'done' else 'open' end,
      case when due < ${TODAY}::date - 3 and (i + m) % 4 <> 0
        then due + ((i + m) % 6 - 2) * interval '1 day' + interval '10 hours' end,
      'bench'
    from ${ids} as t(i), generate_series(0, 11) m,
      lateral (select ${TODAY}::date - 360 + m * 30 + i % 30 as due) x`.execute(db);
  // NPS twice a year, CSAT four times; detractors and low CSAT open a loop due in 48 h.
  await sql`
    insert into survey_answers (external_id, account_id, kind, score, respondent, answered_on)
    select 's-' || i || '-' || q, i, case when q < 2 then 'nps' else 'csat' end,
      case when q < 2 then (i * 7 + q * 3) % 11 else 1 + (i + q) % 5 end,
      'user' || i || '@example.com', ${TODAY}::date - 360 + q * 60 + i % 60
    from ${ids} as t(i), generate_series(0, 5) q`.execute(db);
  await sql`
    insert into survey_loops (account_id, survey_answer_id, reason, opened_at, due_at, closed_at,
      outcome, closed_by)
    select account_id, id, case when kind = 'nps' then 'detractor' else 'low_csat' end,
      answered_on + interval '9 hours', answered_on + interval '57 hours',
      case when id % 3 <> 0 then answered_on + (id % 96) * interval '1 hour' end,
      case when id % 3 <> 0 then 'contacted' end,
      case when id % 3 <> 0 then 'csm@tend.test' end
    from survey_answers
    where (kind = 'nps' and score <= 6) or (kind = 'csat' and score <= 2)`.execute(db);
  // Renewals that came due in the year: most renewed, the churned accounts lost.
  await sql`
    insert into renewal_events (account_id, renewal_date, kind, actor, platform, at)
    select id, renewal_date - 365, case when status = 'churned' then 'churned' else 'renewed' end,
      'U0CSM', 'slack', (renewal_date - 365 - (id % 20)::int)::timestamptz + interval '11 hours'
    from accounts where renewal_date - 365 > ${TODAY}::date - 365`.execute(db);
  // ARR at the start, a change within the year for a third (expansion or downgrade).
  await sql`
    insert into account_arr_changes (account_id, at, arr)
    select id, ${NOW}::timestamptz - interval '400 days', arr * 0.9 from accounts
    union all
    select id, ${NOW}::timestamptz - (id % 300) * interval '1 day', arr from accounts
    where id % 3 = 0`.execute(db);
  await sql`
    insert into account_reviews (account_id, kind, reason, learned, timeline, created_by, created_at)
    select id, case when status = 'churned' then 'churn' else 'save' end,
      (array['price','budget','competitor','support'])[1 + id % 4], null, '[]'::jsonb,
      'bench', ${NOW}::timestamptz - (id % 300) * interval '1 day'
    from accounts where id % 25 = 0 or id % 40 = 0`.execute(db);
  await sql`create table bench_seeded (accounts int not null)`.execute(db);
  await sql`insert into bench_seeded values (${n})`.execute(db);
  await sql`vacuum analyze`.execute(db);
  return countRows(db);
}

async function seededWith(db: AppContext['db']): Promise<number | null> {
  const { rows } = await sql<{ accounts: number }>`
    select accounts from bench_seeded`
    .execute(db)
    .catch(() => ({ rows: [] }));
  return rows[0]?.accounts ?? null;
}

async function countRows(db: AppContext['db']): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string; n: number }>`
    select 'health_snapshots' as name, count(*)::int as n from health_snapshots
    union all select 'alerts', count(*)::int from alerts
    union all select 'alert_events', count(*)::int from alert_events
    union all select 'follow_ups', count(*)::int from follow_ups
    union all select 'survey_answers', count(*)::int from survey_answers
    union all select 'survey_loops', count(*)::int from survey_loops
    union all select 'renewal_events', count(*)::int from renewal_events
    union all select 'account_arr_changes', count(*)::int from account_arr_changes
    union all select 'account_reviews', count(*)::int from account_reviews`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

/**
 * EXPLAIN ANALYZE of each statement /stats team 90d sends (JIT off, as it runs them), caught
 * by a logging connection to the same database; parameters are written in as literals.
 */
async function explainStats(url: string, ctx: AppContext): Promise<void> {
  const caught: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === 'query') caught.push(e.query);
    },
  });
  try {
    await teamMetrics({ ...ctx, db }, { kind: 'team' }, '90d');
    const client = await pool.connect();
    try {
      await client.query('set jit = off; set max_parallel_workers_per_gather = 0');
      for (const q of caught.filter(
        (x) => !/^\s*(begin|commit|rollback|start |set |select set_config)/i.test(x.sql),
      )) {
        let text = q.sql;
        q.parameters.forEach((_, i) => {
          const n = q.parameters.length - i;
          const v = q.parameters[n - 1];
          const lit = v instanceof Date ? v.toISOString() : String(v);
          text = text.replaceAll(`$${n}`, `'${lit.replaceAll("'", "''")}'`);
        });
        const { rows } = await client.query(`explain (analyze, buffers) ${text}`);
        console.log(`\n${q.sql.trim().replace(/\s+/g, ' ').slice(0, 100)}…`);
        console.log(rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
      }
    } finally {
      client.release();
    }
  } finally {
    await db.destroy();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export async function main(args: string[]): Promise<BenchResult> {
  const accounts = flag(args, 'accounts', 20_000);
  const runs = flag(args, 'runs', 200);
  const url = new URL(BENCH_URL);
  url.pathname = `${url.pathname}_stats`;
  let opened = args.includes('--keep')
    ? await keptBenchDatabase(url.toString())
    : { ...(await freshBenchDatabase(url.toString())), existed: false };
  if (opened.existed && (await seededWith(opened.ctx.db)) !== accounts) {
    await opened.handle.close();
    opened = { ...(await freshBenchDatabase(url.toString())), existed: false };
  }
  const { handle, ctx: base } = opened;
  const ctx: AppContext = { ...base, clock: fixedClock(NOW) };
  try {
    const [seedMs, counts] = opened.existed
      ? [0, await countRows(ctx.db)]
      : await timed(() =>
          // A year for 20,000 accounts outlasts the pool's statement timeout: one connection
          // without it.
          ctx.db.connection().execute(async (conn) => {
            await sql`set statement_timeout = 0`.execute(conn);
            return seedYear(conn, accounts);
          }),
        );
    console.log(
      opened.existed
        ? `reused the database seeded with ${accounts} accounts and a year of history:`
        : `seeded ${accounts} accounts with a year of history in ${ms(seedMs)}:`,
    );
    console.log(
      `  ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );

    const stats = () => statsAnswer(ctx, { kind: 'team' }, '90d', null);
    // One person's portfolio (1/50 of the accounts): read from the rows in scope, not the rollup.
    const person = () => statsAnswer(ctx, { kind: 'person', email: 'csm7@tend.test' }, '90d', null);
    const againstDir = text(args, 'against');
    const other: typeof statsAnswer | null = againstDir
      ? (await import(pathToFileURL(resolve(againstDir, 'src/app/stats.ts')).href)).statsAnswer
      : null;
    const otherStats = other ? () => other(ctx, { kind: 'team' }, '90d', null) : null;
    // The baseline: one aggregate over the same span's alert rows (counts and median ack), as
    // Postgres runs it by default, and with JIT off as /stats's own statements run.
    const baselineQuery = sql`
      select count(*) as opened, count(acknowledged_at) as acked,
        percentile_cont(0.5) within group (order by acknowledged_at - fired_at) as median
      from alerts al join accounts a on a.id = al.account_id
      where al.fired_at >= ${NOW}::timestamptz - interval '180 days'`;
    const aggregate = () => baselineQuery.execute(ctx.db);
    const aggregateNoJit = () =>
      ctx.db.transaction().execute(async (trx) => {
        await sql`set local jit = off`.execute(trx);
        return baselineQuery.execute(trx);
      });
    for (let i = 0; i < 5; i++) {
      await Promise.all([stats(), aggregate(), aggregateNoJit(), person(), otherStats?.()]);
    }
    const statsMs: number[] = [];
    const aggMs: number[] = [];
    const aggNoJitMs: number[] = [];
    const personMs: number[] = [];
    const otherMs: number[] = [];
    const [loadBefore] = loadavg();
    for (let i = 0; i < runs; i++) {
      // Alternating which goes first, so neither always runs on a cache the other warmed.
      if (otherStats && i % 2 === 1) otherMs.push((await timed(otherStats))[0]);
      statsMs.push((await timed(stats))[0]);
      if (otherStats && i % 2 === 0) otherMs.push((await timed(otherStats))[0]);
      aggMs.push((await timed(aggregate))[0]);
      aggNoJitMs.push((await timed(aggregateNoJit))[0]);
      personMs.push((await timed(person))[0]);
    }
    const line = (name: string, v: number[]) =>
      `${name.padEnd(38)} p50 ${median(v).toFixed(1)} ms  p99 ${percentile(v, 99).toFixed(1)} ms  max ${Math.max(...v).toFixed(1)} ms`;
    const ratio = (a: number[], b: number[]) =>
      `p50 ${(median(a) / Math.max(0.001, median(b))).toFixed(2)}×, p99 ${(percentile(a, 99) / Math.max(0.001, percentile(b, 99))).toFixed(2)}×`;
    const [load1] = loadavg();
    console.log(
      `${runs} runs each, one after the other (load average ${loadBefore?.toFixed(1)} before, ${load1?.toFixed(1)} after, on ${cpus().length} cores):`,
    );
    console.log(line('/stats team 90d (use case)', statsMs));
    if (otherStats) {
      console.log(line(`the same, ${againstDir}`, otherMs));
      console.log(`this checkout against ${againstDir}: ${ratio(statsMs, otherMs)}`);
    }
    console.log(line('/stats <one person> 90d', personMs));
    console.log(line('one aggregate query (baseline)', aggMs));
    console.log(line('the same with JIT off (baseline 2)', aggNoJitMs));
    console.log(
      `ratio to baseline ${ratio(statsMs, aggMs)}; to baseline 2 ${ratio(statsMs, aggNoJitMs)}; goal: p99 ≤ 200 ms`,
    );
    if (args.includes('--explain')) await explainStats(url.toString(), ctx);
    const dataset = `${accounts} accounts, a year of history`;
    return {
      figures: [
        {
          what: '/stats team 90d p50',
          value: median(statsMs),
          unit: 'ms',
          baseline: { what: 'one aggregate query p50', value: median(aggMs) },
          dataset,
        },
        {
          what: '/stats team 90d p99',
          value: percentile(statsMs, 99),
          unit: 'ms',
          baseline: { what: 'one aggregate query p99', value: percentile(aggMs, 99) },
          dataset,
        },
      ],
    };
  } finally {
    await handle.close();
  }
}
