import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { recomputeHealth } from '../../src/app/health-recompute';
import { seedDemo } from '../../src/app/seed';
import { addDays } from '../../src/domain/dates';
import { dayIn } from '../../src/domain/time-zone';
import { freshBenchDatabase, median, ms, timed } from './bench-db';

const BIN = resolve(import.meta.dirname, '../../bin/tend.js');

/**
 * `npm run bench -- recompute [--accounts N] [--days D]`: health recompute vs a single aggregate
 * query over the same usage rows (the floor), then embedded start-to-ready and idle RSS vs a
 * bare Node HTTP server.
 */
export async function main(args: string[]): Promise<void> {
  if (args.includes('--startup-only')) return startup();
  const accounts = Number(flag(args, '--accounts') ?? 20_000);
  const days = Number(flag(args, '--days') ?? 180);
  const rounds = Number(flag(args, '--rounds') ?? 5);
  const { handle, ctx } = await freshBenchDatabase();
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
  } finally {
    await handle.close();
  }
  await startup();
}

async function startup(): Promise<void> {
  const bare = await startProcess(
    [
      '-e',
      "require('node:http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log('running at http://127.0.0.1:'+this.address().port)})",
    ],
    '/',
  );
  const dir = mkdtempSync(join(tmpdir(), 'tend-bench-'));
  try {
    const first = await startProcess([BIN, 'serve'], '/readyz', { TEND_DATA_DIR: dir });
    const again = await startProcess([BIN, 'serve'], '/readyz', { TEND_DATA_DIR: dir });
    console.log('\nembedded start-to-ready (spawn → /readyz 200) and idle RSS after 3 s');
    console.log(`  bare node http server:        ${ms(bare.readyMs)}, RSS ${bare.rssMb} MB`);
    console.log(
      `  tend, first start (initdb + migrate + demo seed): ${ms(first.readyMs)} (${(first.readyMs / bare.readyMs).toFixed(1)}×), RSS ${first.rssMb} MB`,
    );
    console.log(
      `  tend, later start:            ${ms(again.readyMs)} (${(again.readyMs / bare.readyMs).toFixed(1)}×), RSS ${again.rssMb} MB (${(again.rssMb / bare.rssMb).toFixed(1)}×)`,
    );
    console.log('  goals: ≤ 5 s, ≤ 200 MB');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startProcess(
  args: string[],
  readyPath: string,
  env: Record<string, string> = {},
): Promise<{ readyMs: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /running at (http:\/\/\S+)/.exec(out);
        if (m) ok(m[1]!);
      });
      child.once('exit', (code) => fail(new Error(`exited with ${code}`)));
    });
    while ((await fetch(`${url}${readyPath}`).catch(() => null))?.status !== 200) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const readyMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 3000));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { readyMs, rssMb: Math.round(rssKb / 1024) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
