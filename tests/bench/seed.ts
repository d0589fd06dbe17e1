import { sql } from 'kysely';
import { isoDayFromDate } from '../../src/domain/dates';
import { generateDemo } from '../../src/domain/demo';
import { insertDemoData } from '../../src/store/demo';
import { BENCH_URL, freshBenchDatabase, ms, timed } from './bench-db';
import type { BenchResult } from './figures';

const flag = (args: string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/**
 * `npm run bench -- seed [--accounts N] [--days D]`: generating and bulk-loading the demo
 * (no health), against the floor of writing the same number of usage rows server-side with
 * generate_series (no data crosses the wire).
 */
export async function main(args: string[]): Promise<BenchResult> {
  const accounts = Number(flag(args, '--accounts') ?? 20_000);
  const days = Number(flag(args, '--days') ?? 180);
  const url = new URL(BENCH_URL);
  url.pathname = '/tend_bench_seed';
  const { handle, ctx } = await freshBenchDatabase(url.toString());
  try {
    const today = isoDayFromDate(new Date());
    const [genMs, data] = await timed(async () => generateDemo({ accounts, days, seed: 7, today }));
    const [loadMs, counts] = await timed(() =>
      ctx.db.transaction().execute((trx) => insertDemoData(trx, data)),
    );
    // The floor: the same rows, made by the server itself, into a table of the same shape.
    await sql`create table usage_floor (like usage_daily including all)`.execute(ctx.db);
    const [floorMs] = await timed(() =>
      sql`insert into usage_floor (account_id, day, active_users, seats, logins,
            core_features_used, core_features_total)
          select a, ${today}::date - d, 5, 10, 9, 3, 10
          from generate_series(1, ${accounts}::int) a, generate_series(0, ${days - 1}::int) d`.execute(
        ctx.db,
      ),
    );
    console.log(
      `dataset: ${counts.accounts} accounts, ${counts.usageRows} usage rows, ${counts.tickets} tickets, ${counts.surveys} survey answers`,
    );
    console.log(`  generate (pure):                 ${ms(genMs)}`);
    console.log(`  bulk load (one transaction):     ${ms(loadMs)}`);
    console.log(`  floor (server-side insert):      ${ms(floorMs)}`);
    console.log(`  ratio load / floor:              ${(loadMs / floorMs).toFixed(2)}×`);
    const dataset = `${counts.accounts} accounts, ${counts.usageRows} usage rows`;
    const floor = { what: 'server-side insert (floor)', value: floorMs };
    return {
      figures: [
        { what: 'demo bulk load', value: loadMs, unit: 'ms', baseline: floor, dataset },
        { what: 'demo generate', value: genMs, unit: 'ms', dataset },
      ],
    };
  } finally {
    await handle.close();
  }
}
