import { sql } from 'kysely';
import { recomputeHealth } from '../../src/app/health-recompute';
import { seedDemo } from '../../src/app/seed';
import { addDays } from '../../src/domain/dates';
import { dayIn } from '../../src/domain/time-zone';
import { BENCH_URL, benchDatabase, freshBenchDatabase, median, ms, timed } from './bench-db';
import { seedInSql } from './recompute-seed';
import { type StartupFigures, startup } from './startup';

export interface RecomputeFigures {
  accounts: number;
  usageRows: number;
  floorMs: number;
  recomputeMs: number;
  sameDayMs: number;
  peakRssMb: number;
}

/**
 * `npm run bench -- recompute [--accounts N] [--days D] [--rounds R] [--sql-seed] [--reuse]`:
 * health recompute vs a single aggregate query over the same usage rows (the floor), with the
 * process's peak RSS while recomputing, then embedded start-to-ready and idle RSS vs a bare
 * Node HTTP server (startup.ts; `--startup-only` skips the recompute, `--no-startup` the start,
 * `--no-postgres` the start on Postgres). `--sql-seed` (the default from 100,000 accounts)
 * seeds in SQL instead of the demo generator; `--reuse` keeps the database a previous run
 * seeded with the same sizes (it is migrated to the latest schema).
 */
export async function main(
  args: string[],
): Promise<{ recompute?: RecomputeFigures; startup?: StartupFigures }> {
  if (args.includes('--startup-only')) return { startup: await startup(args) };
  const accounts = Number(flag(args, '--accounts') ?? 20_000);
  const days = Number(flag(args, '--days') ?? 180);
  const rounds = Number(flag(args, '--rounds') ?? 5);
  const sqlSeed = args.includes('--sql-seed') || accounts >= 100_000;
  const reuse = args.includes('--reuse');
  if (!reuse) await (await freshBenchDatabase()).handle.close();
  const { handle, ctx } = await benchDatabase(BENCH_URL, {
    statementMs: 0,
    idleInTransactionMs: 0,
  });
  let figures: RecomputeFigures;
  try {
    const day = dayIn(ctx.clock.now(), ctx.config.settings.timezone);
    const have = await sql<{ n: string; days: string }>`
      select (select count(*) from accounts) as n,
        (select count(distinct day) from usage_daily where account_id = 1) as days`.execute(ctx.db);
    const seededAlready =
      reuse && Number(have.rows[0]?.n) === accounts && Number(have.rows[0]?.days) === days;
    if (!seededAlready) {
      if (reuse) throw new Error('--reuse: the bench database holds other sizes; run without it');
      console.log(
        `seeding ${accounts} accounts × ${days} days into ${handle.where} (${sqlSeed ? 'SQL' : 'demo generator'}) …`,
      );
      const [seedMs, seeded] = await timed(() =>
        sqlSeed
          ? seedInSql(ctx.db, { accounts, days, today: day })
          : seedDemo(ctx, { accounts, days, seed: 7, historyDays: 0 }),
      );
      console.log(`seeded ${seeded.usageRows} usage rows in ${ms(seedMs)}`);
      // What autovacuum does after a bulk load on a running server: without the vacuum, a server
      // with autovacuum off (as this VM's is) reads a heap with no visibility map and sets hint
      // bits on the first reads, so the floor and recompute measured the load, not the steady state.
      await sql`vacuum analyze`.execute(ctx.db);
    } else {
      // Each run scores days no earlier run scored: start from a clean slate of snapshots.
      await sql`truncate health_snapshots`.execute(ctx.db);
      console.log(`reusing ${accounts} accounts × ${days} days in ${handle.where}`);
    }

    // The floor: one aggregate over exactly the usage rows recompute reads.
    const floor = () =>
      sql`select account_id, avg(active_users), sum(logins), max(day) filter (where logins > 0),
            max(core_features_used), (array_agg(seats order by day desc))[1]
          from usage_daily where day > ${day}::date - 60 and day <= ${day}::date
          group by account_id`.execute(ctx.db);
    // Each round scores a day with no snapshots yet (as the nightly run does), so every
    // snapshot is a fresh insert, not a no-op update.
    let fresh = 0;
    const recompute = () => recomputeHealth(ctx, { day: addDays(day, -++fresh) });
    await floor();
    await recompute();
    const floorTimes: number[] = [];
    const recomputeTimes: number[] = [];
    const rssBefore = process.memoryUsage.rss();
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 20);
    for (let i = 0; i < rounds; i++) {
      floorTimes.push((await timed(floor))[0]);
      recomputeTimes.push((await timed(recompute))[0]);
      console.log(
        `  round ${i + 1}: floor ${ms(floorTimes[i] ?? 0)}, recompute ${ms(recomputeTimes[i] ?? 0)} (${((recomputeTimes[i] ?? 0) / (floorTimes[i] ?? 1)).toFixed(2)}×)`,
      );
    }
    clearInterval(sampler);
    const [sameDayMs] = await timed(() => recomputeHealth(ctx, { day: addDays(day, -fresh) }));
    const rows = await sql<{ n: number }>`
      select count(*) as n from usage_daily where day > ${day}::date - 60 and day <= ${day}::date`.execute(
      ctx.db,
    );
    const f = median(floorTimes);
    const r = median(recomputeTimes);
    console.log(
      `\nhealth recompute — ${accounts} accounts, ${rows.rows[0]?.n} usage rows in the 60-day window (real Postgres, median of ${rounds})`,
    );
    console.log(`  floor (one aggregate query): ${ms(f)}`);
    console.log(`  tend health recompute:       ${ms(r)}`);
    console.log(`  ratio: ${(r / f).toFixed(2)}× the floor (goal ≤ 2×)`);
    console.log(
      `  same day again (nothing changed, writes skipped): ${ms(sameDayMs)} (${(sameDayMs / f).toFixed(2)}×)`,
    );
    const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    console.log(
      `  process RSS while recomputing: peak ${mb(peakRss)} (${mb(rssBefore)} before the rounds)`,
    );
    const snapshotBytes = await sql<{ b: string }>`
      select avg(pg_column_size(h.*))::int as b from health_snapshots h`.execute(ctx.db);
    console.log(`  stored snapshot row: ${snapshotBytes.rows[0]?.b} bytes on average`);
    figures = {
      accounts,
      usageRows: Number(rows.rows[0]?.n),
      floorMs: f,
      recomputeMs: r,
      sameDayMs,
      peakRssMb: peakRss / 1024 / 1024,
    };
  } finally {
    await handle.close();
  }
  if (args.includes('--no-startup')) return { recompute: figures };
  return { recompute: figures, startup: await startup(args) };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
