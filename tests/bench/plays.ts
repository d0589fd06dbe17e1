import { sql } from 'kysely';
import { runPlaybookJob } from '../../src/app/playbooks';
import { seedDemo } from '../../src/app/seed';
import { freshBenchDatabase, median, ms, timed } from './bench-db';

// Its own database: the shared tend_bench may be another benchmark's at the same moment.
const URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tend_bench_plays';

/**
 * `npm run bench -- plays [--accounts N] [--days D] [--rounds R]`: the playbook job over every
 * account beside a baseline of one scan of each account's latest activity. Goal (issue 15):
 * the job in ≤ 2× the baseline.
 *
 * Baseline stand-in: the touchpoints table (issue 15, item 1) is not on this branch, so the
 * baseline scans each account's latest usage day instead; switch it to
 * `select account_id, max(at) from touchpoints group by account_id` at the merge.
 */
export async function main(args: string[]): Promise<void> {
  const accounts = Number(flag(args, '--accounts') ?? 20_000);
  const days = Number(flag(args, '--days') ?? 30);
  const rounds = Number(flag(args, '--rounds') ?? 5);
  const { handle, ctx } = await freshBenchDatabase(URL);
  try {
    console.log(`seeding ${accounts} accounts × ${days} days into ${handle.where} …`);
    const [seedMs] = await timed(() => seedDemo(ctx, { accounts, days, seed: 7, historyDays: 1 }));
    console.log(`seeded in ${ms(seedMs)}`);
    await sql`analyze`.execute(ctx.db);
    const baseline = () =>
      sql`select account_id, max(day) from usage_daily group by account_id`.execute(ctx.db);
    await baseline();
    // The first run starts every occurrence the seed holds (renewal windows, new accounts).
    const [firstMs, first] = await timed(() => runPlaybookJob(ctx));
    const baseTimes: number[] = [];
    const jobTimes: number[] = [];
    for (let i = 0; i < rounds; i++) {
      baseTimes.push((await timed(baseline))[0]);
      jobTimes.push((await timed(() => runPlaybookJob(ctx)))[0]);
    }
    const b = median(baseTimes);
    const j = median(jobTimes);
    console.log(`\nplaybook job — ${accounts} accounts (real Postgres, median of ${rounds})`);
    console.log(`  baseline (latest usage day of every account): ${ms(b)}`);
    console.log(`  playbook job, steady state (every occurrence already started): ${ms(j)}`);
    console.log(`  ratio: ${(j / b).toFixed(2)}× the baseline (goal ≤ 2×)`);
    console.log(
      `  first run: ${ms(firstMs)}, ${first.started} playbooks started, ${first.messages} cards queued`,
    );
  } finally {
    await handle.close();
  }
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
