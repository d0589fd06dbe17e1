import { sql } from 'kysely';
import { recomputeHealth } from '../../src/app/health-recompute';
import { seedDemo } from '../../src/app/seed';
import { addDays } from '../../src/domain/dates';
import { dayIn } from '../../src/domain/time-zone';
import { freshBenchDatabase, median, ms, timed } from './bench-db';
import { type StartupFigures, startup } from './startup';

export interface RecomputeFigures {
  accounts: number;
  usageRows: number;
  floorMs: number;
  recomputeMs: number;
  sameDayMs: number;
}

/**
 * `npm run bench -- recompute [--accounts N] [--days D]`: health recompute vs a single aggregate
 * query over the same usage rows (the floor), then embedded start-to-ready and idle RSS vs a
 * bare Node HTTP server (startup.ts; `--startup-only` skips the recompute, `--no-startup` the
 * start, `--no-postgres` the start on Postgres).
 */
export async function main(
  args: string[],
): Promise<{ recompute?: RecomputeFigures; startup?: StartupFigures }> {
  if (args.includes('--startup-only')) return { startup: await startup(args) };
  const accounts = Number(flag(args, '--accounts') ?? 20_000);
  const days = Number(flag(args, '--days') ?? 180);
  const rounds = Number(flag(args, '--rounds') ?? 5);
  const { handle, ctx } = await freshBenchDatabase();
  let figures: RecomputeFigures;
  try {
    console.log(`seeding ${accounts} accounts × ${days} days into ${handle.where} …`);
    const [seedMs, seeded] = await timed(() =>
      seedDemo(ctx, { accounts, days, seed: 7, historyDays: 0 }),
    );
    console.log(`seeded ${seeded.usageRows} usage rows in ${ms(seedMs)}`);
    await sql`analyze`.execute(ctx.db);
    const day = dayIn(ctx.clock.now(), ctx.config.settings.timezone);

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
    for (let i = 0; i < rounds; i++) {
      floorTimes.push((await timed(floor))[0]);
      recomputeTimes.push((await timed(recompute))[0]);
    }
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
    figures = {
      accounts,
      usageRows: Number(rows.rows[0]?.n),
      floorMs: f,
      recomputeMs: r,
      sameDayMs,
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
