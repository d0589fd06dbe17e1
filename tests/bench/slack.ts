import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context';
import { seedDemo } from '../../src/app/seed';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { type DatabaseHandle, openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { silentLogger } from '../../src/log';
import { SIGNING_SECRET } from '../helpers/slack-signing';
import { BENCH_URL, freshBenchDatabase, ms, timed } from './bench-db';
import { processCpuMs } from './cpu';
import type { BenchResult } from './figures';
import { load, type Measured, merged, signedHealth, type Window } from './slack-load';

const SERVER = resolve(import.meta.dirname, 'slack-server.ts');

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Starts a server process and resolves with its URL (printed as its first line). */
function startServer(
  args: string[],
  script = SERVER,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        child.stdout!.removeAllListeners('data');
        resolve({ url: (JSON.parse(line) as { url: string }).url, child });
      }
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/** Asks the server a line on stdin; it answers one JSON line. */
function ask(child: ChildProcess, line: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
    child.stdin!.write(`${line}\n`);
  });
}

/** What the server's in-memory stores did. */
const serverStats = (child: ChildProcess) => ask(child, 'stats');

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** `--reuse`: keep a database seeded by an earlier run when it holds the same accounts. */
async function holds(url: string, accounts: number): Promise<boolean> {
  try {
    const { handle } = await openBench(url);
    const n = await sql<{ n: number }>`select count(*) as n from accounts`.execute(handle.db);
    await handle.close();
    return n.rows[0]?.n === accounts;
  } catch {
    return false;
  }
}

async function openBench(url: string): Promise<{ handle: DatabaseHandle; ctx: AppContext }> {
  const handle = await openDatabase({ kind: 'postgres', url, poolSize: 10 });
  await migrateToLatest(handle.db);
  const config = loadConfig({ DATABASE_URL: url });
  return { handle, ctx: { db: handle.db, config, clock: systemClock, log: silentLogger } };
}

/** `/health <name>` once for each name, `connections` at a time (few: on a busy machine a pool
 * that waits too long answers "temporarily unavailable", and that card is not kept). */
async function askEach(url: string, names: string[], connections: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const request = signedHealth([names[next++]!]);
      const res = await fetch(`${url}/slack/events`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      await res.text();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
}

/**
 * Waits until a process spends under a tenth of a core for half a second: the work it does
 * after its answers is done. At most two minutes.
 */
async function settle(pid: number | undefined): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const a = processCpuMs(pid);
    await new Promise((r) => setTimeout(r, 500));
    const b = processCpuMs(pid);
    if (a === null || b === null || b - a < 50) return;
  }
}

/**
 * `npm run bench -- slack [--accounts N] [--days D] [--seconds S] [--rounds R] [--connections C]
 * [--db NAME] [--reuse] [--profile FILE] [--compare DIR]`: signed `/health <name>` at C connections against Tend
 * (Bolt + our HTTP server + Postgres with N accounts) and, in the same run, against a bare Bolt
 * app acking a constant card of the same size; p50, p99, requests/s and the ratios. Each is
 * measured for S seconds in all, in R alternating windows (bare, Tend, Tend, bare, …), so a
 * neighbour's burst on a shared machine lands on both rather than on whichever went second.
 */
export async function main(args: string[]): Promise<BenchResult> {
  const accounts = Number(flag(args, '--accounts') ?? 20_000);
  const days = Number(flag(args, '--days') ?? 60);
  const seconds = Number(flag(args, '--seconds') ?? 15);
  const connections = Number(flag(args, '--connections') ?? 32);
  // Windows of at least a second each.
  const rounds = Math.max(1, Math.min(Number(flag(args, '--rounds') ?? 3), Math.floor(seconds)));
  const url = new URL(process.env.BENCH_DATABASE_URL ?? BENCH_URL);
  // `--db`: another database name, so two checkouts can each keep their own seeded copy.
  url.pathname = `/${flag(args, '--db') ?? 'tend_bench_slack'}`;
  const reuse = args.includes('--reuse') && (await holds(url.toString(), accounts));
  const { handle, ctx } = reuse
    ? await openBench(url.toString())
    : await freshBenchDatabase(url.toString());
  const dir = mkdtempSync(join(tmpdir(), 'tend-bench-slack-'));
  const children: ChildProcess[] = [];
  try {
    if (!reuse) {
      console.log(`seeding ${accounts} accounts × ${days} days into ${handle.where} …`);
      const [seedMs] = await timed(() =>
        seedDemo(ctx, { accounts, days, seed: 7, historyDays: Math.min(days - 1, 84) }),
      );
      await sql`analyze`.execute(ctx.db);
      console.log(`seeded in ${ms(seedMs)}`);
    }
    // Real names, spread over the table: exact hits, like a CSM typing an account name.
    const names = (
      await sql<{
        name: string;
      }>`select name from accounts order by md5(id::text) limit 500`.execute(ctx.db)
    ).rows.map((r) => r.name);
    const owner =
      (await ctx.db.selectFrom('accounts').select('owner_email').limit(1).executeTakeFirst())
        ?.owner_email ?? 'bench@tend.test';

    const tend = await startServer(['tend', url.toString(), SIGNING_SECRET, owner]);
    children.push(tend.child);
    // `--compare DIR`: Tend from another checkout too (main's code, say), measured in the same
    // windows; its own server script, on the same database.
    const compareDir = flag(args, '--compare');
    const other = compareDir
      ? await startServer(
          ['tend', url.toString(), SIGNING_SECRET, owner],
          resolve(compareDir, 'tests/bench/slack-server.ts'),
        )
      : null;
    if (other) children.push(other.child);
    // Warm first: a cold process answers its first requests late ("Working on it…"), and the
    // bare app must ack the real card.
    await load(tend.url, names, 2, connections);
    await settle(tend.child.pid);
    const sample = signedHealth(['Acme Corp']);
    const res = await fetch(`${tend.url}/slack/events`, {
      method: 'POST',
      headers: sample.headers,
      body: sample.body,
    });
    const card = await res.text();
    if (!card.includes('"blocks"')) throw new Error(`Tend did not answer a card: ${card}`);
    const cardFile = join(dir, 'card.json');
    writeFileSync(cardFile, card);
    const bare = await startServer(['bare', '', SIGNING_SECRET, owner, cardFile]);
    children.push(bare.child);
    const database = url.pathname.slice(1);
    interface Target {
      label: string;
      url: string;
      child: ChildProcess;
      windows: Window[];
    }
    const targets: Target[] = [
      { label: 'bare Bolt, constant card', ...bare, windows: [] },
      { label: 'Tend', ...tend, windows: [] },
      ...(other ? [{ label: `Tend from ${compareDir}`, ...other, windows: [] }] : []),
    ];
    const tends = targets.slice(1);
    // Every name once: the card cache holds each card as it would after a while in service
    // (the misses during the run are counted below). Each person's first ask of an account in
    // a day also draws and uploads its chart after the answer; that happens here, once per
    // name. Measured is the steady state after it. (Not an autocannon run of as many requests:
    // it builds requests it never sends, so some names were skipped.)
    // The bare app gets the same warm-up (its JIT as warm as Tend's; it only answers the card).
    for (const t of targets) {
      if (t !== targets[1]) await load(t.url, names, 2, connections);
      await askEach(t.url, names, 4);
      await settle(t.child.pid);
    }
    // Every process stays up through every window, so none gets a quieter machine by going
    // last; each is warmed for 2 s.
    for (const t of targets) await load(t.url, names, 2, connections);
    // `--profile FILE`: a CPU profile of this checkout's Tend server over the measured windows
    // (open it in Chrome's DevTools). It slows that server: its figures are then not the goal's.
    const profile = flag(args, '--profile');
    if (profile) await ask(tend.child, `profile ${resolve(profile)}`);
    const before = await serverStats(tend.child);
    const window = seconds / rounds;
    const perRound: string[] = [];
    for (let r = 0; r < rounds; r++) {
      // Each round starts with the next one: over as many rounds as servers, each has been
      // measured in every position.
      const order = targets.map((_, i) => targets[(i + r) % targets.length]!);
      for (const t of order) {
        t.windows.push(
          await load(t.url, names, window, connections, { pid: t.child.pid, db: ctx.db, database }),
        );
      }
      const b = merged([targets[0]!.windows[r]!]);
      const ts = tends
        .map((x) => merged([x.windows[r]!]))
        .map((x) => `${((100 * x.rps) / Math.max(b.rps, 1)).toFixed(0)}% p99 ${x.p99}`);
      perRound.push(`${ts.join(' | ')} (bare ${b.rps.toFixed(0)} req/s p99 ${b.p99})`);
    }
    const after = await serverStats(tend.child);
    if (profile) await ask(tend.child, 'profile');
    for (const t of targets) await stop(t.child);
    const [b, t, o] = targets.map((x) => merged(x.windows)) as [Measured, Measured, Measured?];

    console.log(
      `\nslack /health <name> — ${accounts} accounts in real Postgres, ${connections} connections × ${seconds} s each in ${rounds} alternating windows, card ${card.length} bytes`,
    );
    const cpu = (v: number | null) => (v === null ? '   ?' : v.toFixed(2).padStart(5));
    const row = (label: string, r: Measured) =>
      console.log(
        `  ${label.padEnd(26)} p50 ${String(r.p50).padStart(5)} ms  p99 ${String(r.p99).padStart(5)} ms  ${r.rps.toFixed(0).padStart(6)} req/s  CPU/req ${cpu(r.cpu)} ms + db ${cpu(r.dbCpu)} ms  (${r.ok} ok of which ${r.notCards} not the card, ${r.errors} errors)`,
      );
    for (const [i, x] of targets.entries()) row(x.label, [b, t, o][i]!);
    console.log(
      `  ratios: p50 ${(t.p50 / Math.max(b.p50, 1)).toFixed(2)}×, p99 ${(t.p99 / Math.max(b.p99, 1)).toFixed(2)}×, throughput ${((100 * t.rps) / b.rps).toFixed(0)}% of bare (goals: p99 ≤ 50 ms, ≥ 70%)`,
    );
    if (o) {
      console.log(
        `  ${targets[2]!.label}: throughput ${((100 * o.rps) / b.rps).toFixed(0)}% of bare, p99 ${o.p99} ms; this checkout ${((100 * t.rps) / o.rps).toFixed(0)}% of it`,
      );
    }
    console.log(`  each round, % of bare and p99 (ms): ${perRound.join('; ')}`);
    if (t.cpu !== null && b.cpu !== null) {
      console.log(
        `  CPU per request: Tend ${((t.cpu + (t.dbCpu ?? 0)) / b.cpu).toFixed(2)}× bare (server and Postgres; steadier than req/s on a busy machine)`,
      );
    }
    const hits = (s: Record<string, unknown>) =>
      (s.cardCache as { hits: number; misses: number } | undefined) ?? { hits: 0, misses: 0 };
    const h = hits(after).hits - hits(before).hits;
    const m = hits(after).misses - hits(before).misses;
    const uploads = Number(after.chartUploads ?? 0) - Number(before.chartUploads ?? 0);
    console.log(
      `  change feed: before ${JSON.stringify(before.feed)}, after ${JSON.stringify(after.feed)}`,
    );
    console.log(`  chart uploads during the run: ${uploads} (once per person, account and day)`);
    console.log(
      `  card cache during the run: ${h} hits, ${m} misses (${((100 * h) / Math.max(h + m, 1)).toFixed(0)}% from memory); ${JSON.stringify(before.cardCache)} before, ${JSON.stringify(after.cardCache)} after`,
    );
    const dataset = `${accounts} accounts, ${connections} connections × ${seconds} s`;
    const vsBare = (what: string, value: number) => ({ what: `bare Bolt ${what}`, value });
    return {
      figures: [
        {
          what: '/health throughput',
          value: t.rps,
          unit: 'req/s',
          baseline: vsBare('req/s', b.rps),
          dataset,
        },
        { what: '/health p50', value: t.p50, unit: 'ms', baseline: vsBare('p50', b.p50), dataset },
        { what: '/health p99', value: t.p99, unit: 'ms', baseline: vsBare('p99', b.p99), dataset },
        ...(t.cpu !== null && b.cpu !== null
          ? [
              {
                what: '/health CPU per request (server + Postgres)',
                value: t.cpu + (t.dbCpu ?? 0),
                unit: 'ms',
                baseline: vsBare('server CPU per request', b.cpu),
                dataset,
              },
            ]
          : []),
      ],
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    await handle.close();
  }
}
