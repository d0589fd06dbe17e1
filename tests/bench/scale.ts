import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { healthAnswer } from '../../src/app/account-health';
import { AccountIndex, memoryFeed } from '../../src/app/account-index';
import { runRiskJob } from '../../src/app/alerts';
import { CARD_CHANNEL, CardCache } from '../../src/app/card-cache';
import type { AppContext } from '../../src/app/context';
import { runDigestJob } from '../../src/app/digests';
import { recomputeHealth } from '../../src/app/health-recompute';
import { ingestBatch } from '../../src/app/ingest';
import { fixedClock } from '../../src/clock';
import { addDays } from '../../src/domain/dates';
import { BENCH_URL, benchDatabase, freshBenchDatabase, median, timed } from './bench-db';
import { subscribe } from './digest';

/**
 * `npm run bench -- scale [--sizes 20000,60000,200000] [--days 60] [--lookups 200]
 * [--only recompute,risk,digest,ingest,health]`: at each size, on a fresh real Postgres
 * database seeded with the demo (60 days: the window recompute reads), the time and peak RSS
 * of recompute, the risk job, the digest job fanning out to 1,000 subscriptions, ingesting
 * one day of usage for every account (API batches of 10,000) and `/health` (the use case with
 * the card cache and lookup index live, as `tend serve` runs it; p50/p99 over accounts not
 * looked up before); then the growth exponent between consecutive sizes,
 * log(t2/t1)/log(n2/n1): 1 is linear, < 1 better, and `/health` should stay flat (≈ 0).
 *
 * As a running Tend sees it: the seed runs in a child process (its ~2 GB of generated data at
 * 200,000 accounts would otherwise be the app's RSS and GC load), and the heap is collected
 * before each step, so a step's peak RSS is its own. ~10 min for the default sizes on 2
 * quiet cores; check with `--sizes 1000,3000`.
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
/** `--only` names: one per step (health is both /health rows). */
const ONLY = ['recompute', 'risk', 'digest', 'ingest', 'health'] as const;
type Only = (typeof ONLY)[number];

export interface ScaleRow {
  accounts: number;
  usageRows: number;
  /** Per step run: milliseconds and the process's peak RSS (MB) while it ran. */
  steps: Partial<Record<Step, { ms: number; peakRssMb: number }>>;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A full collection, so a step starts without an earlier step's garbage. */
const collect: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
})();

/** Runs fn while sampling this process's RSS; the bench process is the app, Postgres is apart. */
async function measured<T>(
  fn: () => Promise<T>,
): Promise<{ ms: number; peakRssMb: number; value: T }> {
  collect();
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

/** Seeds the demo in a child process (scale-seed.ts) with the heap it needs. */
async function seedApart(
  url: string,
  accounts: number,
  days: number,
): Promise<{ today: string; usageRows: number }> {
  const script = fileURLToPath(new URL('./scale-seed.ts', import.meta.url));
  // The generator holds every row before loading (~2 GB at 200,000 × 60 days): room for three
  // times that, above Node's default limit (~4 GB), and never below 2 GB.
  const heapMb = Math.max(2048, Math.ceil((accounts * days) / 2000));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      `--max-old-space-size=${heapMb}`,
      script,
      url,
      `${accounts}`,
      `${days}`,
      AT,
    ],
    { maxBuffer: 1 << 20, env: { ...process.env, NODE_OPTIONS: '' } },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
}

/** The card cache and lookup index, fed by NOTIFY, as src/main.ts sets them up. */
async function inMemoryStores(
  listen: (channel: string, feed: ReturnType<typeof memoryFeed>) => Promise<{ stop(): unknown }>,
) {
  const cardCache = new CardCache();
  const accountIndex = new AccountIndex();
  const feed = await listen(CARD_CHANNEL, memoryFeed([cardCache, accountIndex]));
  for (let i = 0; i < 200 && !(cardCache.serving && accountIndex.serving); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!cardCache.serving) throw new Error('card cache feed did not come up');
  return { cardCache, accountIndex, stop: () => feed.stop() };
}

async function oneSize(
  accounts: number,
  days: number,
  lookups: number,
  only: Set<Only>,
): Promise<ScaleRow> {
  const url = new URL(BENCH_URL);
  url.pathname = '/tend_bench_scale';
  await (await freshBenchDatabase(url.toString())).handle.close();
  const seeded = await seedApart(url.toString(), accounts, days);
  const { handle, ctx: base } = await benchDatabase(url.toString());
  const stores = await inMemoryStores((c, f) => handle.listen(c, f));
  const ctx: AppContext = {
    ...base,
    clock: fixedClock(AT),
    cardCache: stores.cardCache,
    accountIndex: stores.accountIndex,
  };
  try {
    const today = seeded.today;
    const steps: ScaleRow['steps'] = {};
    if (only.has('recompute')) {
      steps.recompute = await measured(() => recomputeHealth(ctx, { day: addDays(today, -2) }));
    }
    if (only.has('risk')) {
      steps['risk job'] = await measured(() => runRiskJob(ctx, { recompute: false }));
    }
    if (only.has('digest')) {
      await subscribe(ctx.db, 1000, 50);
      steps['digest ×1000'] = await measured(() => runDigestJob(ctx));
    }
    const ids = await ctx.db.selectFrom('accounts').select(['external_id', 'name']).execute();
    const day = addDays(today, 1);
    if (only.has('ingest')) {
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
    }
    if (only.has('health')) {
      // /health for accounts by name, as a person types it, each looked up once (its card is
      // not in the cache yet: the slow case); warm-up on other accounts first.
      const name = (i: number) => ids[(i * 7919) % ids.length]!.name;
      for (let i = 0; i < 10; i++) await healthAnswer(ctx, name(lookups + i));
      const times: number[] = [];
      const health = await measured(async () => {
        for (let i = 0; i < lookups; i++) {
          times.push((await timed(() => healthAnswer(ctx, name(i))))[0]);
        }
      });
      steps['/health p50'] = { ms: median(times), peakRssMb: health.peakRssMb };
      steps['/health p99'] = { ms: percentile(times, 99), peakRssMb: health.peakRssMb };
    }
    return { accounts, usageRows: seeded.usageRows, steps };
  } finally {
    await stores.stop();
    await handle.close();
  }
}

export async function main(args: string[]): Promise<{ days: number; rows: ScaleRow[] }> {
  const sizes = (flag(args, '--sizes') ?? '20000,60000,200000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes: whole numbers');
  const days = Number(flag(args, '--days') ?? 60);
  const lookups = Number(flag(args, '--lookups') ?? 200);
  const onlyArg = flag(args, '--only');
  const only = new Set((onlyArg ?? ONLY.join(',')).split(',') as Only[]);
  for (const o of only) {
    if (!ONLY.includes(o)) throw new Error(`--only: some of ${ONLY.join(',')}`);
  }
  const rows: ScaleRow[] = [];
  for (const n of sizes) {
    console.error(`scale: ${n} accounts × ${days} days …`);
    rows.push(await oneSize(n, days, lookups, only));
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
    if (rows.every((r) => !r.steps[step])) continue;
    const cells = rows.map((r) => {
      const m = r.steps[step];
      return m ? `${m.ms.toFixed(step.startsWith('/health') ? 1 : 0)} ms (${m.peakRssMb} MB)` : '–';
    });
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!.steps[step];
      const b = rows[i]!.steps[step];
      cells.push(
        a && b ? exponent(rows[i - 1]!.accounts, a.ms, rows[i]!.accounts, b.ms).toFixed(2) : '–',
      );
    }
    console.log(`| ${step} | ${cells.join(' | ')} |`);
  }
  console.log(
    `usage rows: ${rows.map((r) => r.usageRows).join(', ')}; goal: exponent ≤ 1 (linear or better), /health ≈ 0 (flat)`,
  );
}
