import { sql } from 'kysely';
import { checkInsDue } from '../../src/app/check-ins';
import { runPlaybookJob } from '../../src/app/playbooks';
import { seedDemo } from '../../src/app/seed';
import { latestTouchScan } from '../../src/store/check-ins';
import { freshBenchDatabase, median, ms, timed } from './bench-db';
import type { BenchResult } from './figures';

// Its own database: the shared tend_bench may be another benchmark's at the same moment.
const URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tend_bench_plays';

/**
 * `npm run bench -- plays [--accounts N] [--days D] [--rounds R]`: the playbook and cadence job
 * (runPlaybookJob, then checkInsDue) over every account beside a baseline of one scan of the
 * accounts' latest touchpoints (store latestTouchScan). Goal (issue 15): the job in ≤ 2× the
 * baseline. The seed gets tiers (so the cadence applies) and a touchpoint every ~9 days for
 * three accounts in four (the rest never touched: the cadence counts from when Tend got them).
 */
export async function main(args: string[]): Promise<BenchResult> {
  const accounts = Number(flag(args, '--accounts') ?? 20_000);
  const days = Number(flag(args, '--days') ?? 30);
  const rounds = Number(flag(args, '--rounds') ?? 5);
  const { handle, ctx } = await freshBenchDatabase(URL);
  try {
    console.log(`seeding ${accounts} accounts × ${days} days into ${handle.where} …`);
    const [seedMs] = await timed(() => seedDemo(ctx, { accounts, days, seed: 7, historyDays: 1 }));
    console.log(`seeded in ${ms(seedMs)}`);
    await sql`update accounts set tier = (array['platinum','gold','silver','bronze'])[1 + id % 4]`.execute(
      ctx.db,
    );
    await sql`
      insert into touchpoints (account_id, kind, text, logged_by, platform, at)
      select a.id, (array['call','meeting','email','note'])[1 + (a.id + k) % 4], 'bench touch',
        'csm', 'slack', ${ctx.clock.now()}::timestamptz - ((k * 9 + a.id % 9) * interval '1 day')
      from accounts a, generate_series(0, 9) k where a.id % 4 <> 0`.execute(ctx.db);
    await sql`analyze`.execute(ctx.db);
    const baseline = () => latestTouchScan(ctx.db);
    const parts = { playbooks: [] as number[], cadence: [] as number[] };
    const job = async () => {
      const [p, summary] = await timed(() => runPlaybookJob(ctx));
      const [c] = await timed(() => checkInsDue(ctx, ctx.clock.now()));
      parts.playbooks.push(p);
      parts.cadence.push(c);
      return summary;
    };
    await baseline();
    // The first run starts every occurrence the seed holds (renewal windows, new accounts).
    const [firstMs, first] = await timed(job);
    parts.playbooks.length = 0;
    parts.cadence.length = 0;
    const baseTimes: number[] = [];
    const jobTimes: number[] = [];
    for (let i = 0; i < rounds; i++) {
      baseTimes.push((await timed(baseline))[0]);
      jobTimes.push((await timed(job))[0]);
    }
    const b = median(baseTimes);
    const j = median(jobTimes);
    console.log(
      `\nplaybook and cadence job — ${accounts} accounts (real Postgres, median of ${rounds})`,
    );
    console.log(`  baseline (latest touchpoint of every account): ${ms(b)}`);
    console.log(
      `  playbook + cadence job, steady state (every occurrence already started): ${ms(j)}`,
    );
    console.log(
      `    of which the playbook triggers (one statement): ${ms(median(parts.playbooks))}, the cadence check: ${ms(median(parts.cadence))}`,
    );
    console.log(`  ratio: ${(j / b).toFixed(2)}× the baseline (goal ≤ 2×)`);
    console.log(
      `  first run: ${ms(firstMs)}, ${first.started} playbooks started, ${first.messages} cards queued`,
    );
    const dataset = `${accounts} accounts, median of ${rounds}`;
    return {
      figures: [
        {
          what: 'playbook + cadence job',
          value: j,
          unit: 'ms',
          baseline: { what: 'latest touchpoint of every account', value: b },
          dataset,
        },
        { what: 'playbook job, first run', value: firstMs, unit: 'ms', dataset },
      ],
    };
  } finally {
    await handle.close();
  }
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
