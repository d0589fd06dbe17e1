import { sql } from 'kysely';
import { healthAnswer } from '../../src/app/account-health';
import { runRiskJob } from '../../src/app/alerts';
import type { AppContext } from '../../src/app/context';
import { runDigestJob } from '../../src/app/digests';
import { recomputeHealth } from '../../src/app/health-recompute';
import { ingestBatch } from '../../src/app/ingest';
import { seedDemo } from '../../src/app/seed';
import { fixedClock } from '../../src/clock';
import { addDays } from '../../src/domain/dates';
import { BENCH_URL, freshBenchDatabase, median, timed } from './bench-db';
import { subscribe } from './digest';

/**
 * `npm run bench -- scale [--sizes 20000,60000,200000] [--days 60] [--lookups 200]`: at each
 * size, on a fresh real Postgres database seeded with the demo (60 days: the window recompute
 * reads), the time and peak RSS of recompute, the risk job, the digest job fanning out to 1,000
 * subscriptions, ingesting one day of usage for every account (API batches of 10,000) and
 * `/health` (the use case, p50/p99 over random accounts); then the growth exponent between
 * consecutive sizes, log(t2/t1)/log(n2/n1): 1 is linear, < 1 better, and `/health` should stay
 * flat (≈ 0). Full sizes take ~20–30 min on 2 busy cores; check with `--sizes 1000,3000`.
 */

const AT = '2026-11-23T09:00:30Z';
const STEPS = [
  'recompute',
  'risk job',
  'digest ×1000',
  'ingest 1 day',
  '/health p50',
  '/health p99',
] as const;
type Step = (typeof STEPS)[number];

export interface ScaleRow {
  accounts: number;
  usageRows: number;
  /** Per step: milliseconds and the process's peak RSS (MB) while it ran. */
  steps: Record<Step, { ms: number; peakRssMb: number }>;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Runs fn while sampling this process's RSS; the bench process is the app, Postgres is apart. */
async function measured<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; peakRssMb: number; value: T }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  try {
    const [ms, value] = await timed(fn);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { ms, peakRssMb: Math.round(peak / 1048576), value };
  } finally {
    clearInterval(timer);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function oneSize(accounts: number, days: number, lookups: number): Promise<ScaleRow> {
  const url = new URL(BENCH_URL);
  url.pathname = '/tend_bench_scale';
  const { handle, ctx: base } = await freshBenchDatabase(url.toString());
  const ctx: AppContext = { ...base, clock: fixedClock(AT) };
  try {
    const seeded = await seedDemo(ctx, { accounts, days, seed: 7, historyDays: 1 });
    await sql`analyze`.execute(ctx.db);
    const today = seeded.today;
    const steps = {} as ScaleRow['steps'];
    const recompute = await measured(() => recomputeHealth(ctx, { day: addDays(today, -2) }));
    steps.recompute = recompute;
    steps['risk job'] = await measured(() => runRiskJob(ctx, { recompute: false }));
    await subscribe(ctx.db, 1000, 50);
    steps['digest ×1000'] = await measured(() => runDigestJob(ctx));
    const ids = await ctx.db.selectFrom('accounts').select(['external_id', 'name']).execute();
    const day = addDays(today, 1);
    steps['ingest 1 day'] = await measured(async () => {
      for (let i = 0; i < ids.length; i += 10_000) {
        const batch = ids.slice(i, i + 10_000).map((a, k) => ({
          account_external_id: a.external_id,
          day,
          active_users: 5 + (k % 7),
          seats: 20,
          logins: 9,
          core_features_used: 3,
          core_features_total: 10,
        }));
        await ingestBatch(ctx, 'usage', batch);
      }
    });
    // /health for random accounts by name, as a person types it (warm-up first).
    const names = Array.from({ length: lookups }, (_, i) => ids[(i * 7919) % ids.length]!.name);
    for (const name of names.slice(0, 10)) await healthAnswer(ctx, name);
    const times: number[] = [];
    const health = await measured(async () => {
      for (const name of names) times.push((await timed(() => healthAnswer(ctx, name)))[0]);
    });
    steps['/health p50'] = { ms: median(times), peakRssMb: health.peakRssMb };
    steps['/health p99'] = { ms: percentile(times, 99), peakRssMb: health.peakRssMb };
    return { accounts, usageRows: seeded.usageRows, steps };
  } finally {
    await handle.close();
  }
}

export async function main(args: string[]): Promise<{ days: number; rows: ScaleRow[] }> {
  const sizes = (flag(args, '--sizes') ?? '20000,60000,200000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes: whole numbers');
  const days = Number(flag(args, '--days') ?? 60);
  const lookups = Number(flag(args, '--lookups') ?? 200);
  const rows: ScaleRow[] = [];
  for (const n of sizes) {
    console.error(`scale: ${n} accounts × ${days} days …`);
    rows.push(await oneSize(n, days, lookups));
  }
  printTable(rows, days);
  return { days, rows };
}

/** Growth exponent between two sizes: 1 = linear, 0 = flat. */
export function exponent(n1: number, t1: number, n2: number, t2: number): number {
  return Math.log(t2 / t1) / Math.log(n2 / n1);
}

function printTable(rows: ScaleRow[], days: number): void {
  console.log(
    `\nscale curve — real Postgres, demo data × ${days} days; time (peak RSS of the app process)`,
  );
  const header = ['step', ...rows.map((r) => `${r.accounts} accounts`)];
  for (let i = 1; i < rows.length; i++)
    header.push(`exp ${rows[i - 1]!.accounts}→${rows[i]!.accounts}`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const step of STEPS) {
    const cells = rows.map(
      (r) =>
        `${r.steps[step].ms.toFixed(step.startsWith('/health') ? 1 : 0)} ms (${r.steps[step].peakRssMb} MB)`,
    );
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      cells.push(exponent(a.accounts, a.steps[step].ms, b.accounts, b.steps[step].ms).toFixed(2));
    }
    console.log(`| ${step} | ${cells.join(' | ')} |`);
  }
  console.log(
    `usage rows: ${rows.map((r) => r.usageRows).join(', ')}; goal: exponent ≤ 1 (linear or better), /health ≈ 0 (flat)`,
  );
}
