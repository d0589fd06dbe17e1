import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context';
import { seedDemo } from '../../src/app/seed';
import { signSlackRequest as sign } from '../../src/chat/local/slack-signing';
import { systemClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { type DatabaseHandle, openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import type { DB } from '../../src/db/schema';
import { silentLogger } from '../../src/log';
import { commandBody, SIGNING_SECRET } from '../helpers/slack-signing';
import { BENCH_URL, freshBenchDatabase, ms, timed } from './bench-db';
import { cpuBetween, postgresCpuMs, processCpuMs } from './cpu';
import type { BenchResult } from './figures';

const SERVER = resolve(import.meta.dirname, 'slack-server.ts');

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Starts a server process and resolves with its URL (printed as its first line). */
function startServer(
  args: string[],
  nodeArgs: string[] = [],
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', SERVER, ...args], {
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

/** What the server's in-memory stores did (one JSON line it prints when asked on stdin). */
function serverStats(child: ChildProcess): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
    child.stdin!.write('stats\n');
  });
}

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

let seq = 0;
/** A freshly signed `/health <name>` (new timestamp and trigger_id each time). */
function signedHealth(names: string[]) {
  const name = names[seq++ % names.length]!;
  const body = commandBody({
    command: '/health',
    text: name,
    user_id: 'U0BENCH',
    trigger_id: `bench.${seq}`,
    response_url: 'http://127.0.0.1:9/unused',
  });
  const ts = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(SIGNING_SECRET, ts, body),
    },
  };
}

interface Measured {
  p50: number;
  p99: number;
  rps: number;
  ok: number;
  errors: number;
  /** CPU ms per answered request: the server process, and Postgres's backends for it. */
  cpu: number | null;
  dbCpu: number | null;
}

async function load(
  url: string,
  names: string[],
  seconds: number,
  connections: number,
  watch?: { pid: number | undefined; db: DB; database: string },
  amount?: number,
): Promise<Measured> {
  const cpu0 = processCpuMs(watch?.pid);
  const db0 = watch ? await postgresCpuMs(watch.db, watch.database) : new Map();
  const result = await autocannon({
    url: `${url}/slack/events`,
    connections,
    ...(amount ? { amount } : { duration: seconds }),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({ ...req, ...signedHealth(names) }),
      },
    ],
  });
  const cpu1 = processCpuMs(watch?.pid);
  const db1 = watch ? await postgresCpuMs(watch.db, watch.database) : new Map();
  const ok = result['2xx'];
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    ok,
    errors: result.non2xx + result.errors + result.timeouts,
    cpu: cpu0 !== null && cpu1 !== null && ok > 0 ? (cpu1 - cpu0) / ok : null,
    dbCpu: db1.size > 0 && ok > 0 ? cpuBetween(db0, db1) / ok : null,
  };
}

/**
 * `npm run bench -- slack [--accounts N] [--days D] [--seconds S] [--connections C] [--reuse] [--profile DIR]`: signed
 * `/health <name>` at C connections against Tend (Bolt + our HTTP server + Postgres with N
 * accounts) and, in the same run, against a bare Bolt app acking a constant card of the same
 * size; p50, p99, requests/s and the ratios.
 */
export async function main(args: string[]): Promise<BenchResult> {
  const accounts = Number(flag(args, '--accounts') ?? 20_000);
  const days = Number(flag(args, '--days') ?? 60);
  const seconds = Number(flag(args, '--seconds') ?? 15);
  const connections = Number(flag(args, '--connections') ?? 32);
  const url = new URL(process.env.BENCH_DATABASE_URL ?? BENCH_URL);
  url.pathname = '/tend_bench_slack';
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

    // `--profile DIR`: a CPU profile of the Tend server (open it in Chrome's DevTools).
    const profile = flag(args, '--profile');
    const tend = await startServer(
      ['tend', url.toString(), SIGNING_SECRET, owner],
      profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profile)}`] : [],
    );
    children.push(tend.child);
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
    // Tend's process stays up while the bare app runs, so neither gets a quieter machine by
    // going second; both warm up for 2 s.
    const bare = await startServer(['bare', '', SIGNING_SECRET, owner, cardFile]);
    children.push(bare.child);
    const database = url.pathname.slice(1);
    await load(bare.url, names, 2, connections);
    const b = await load(bare.url, names, seconds, connections, {
      pid: bare.child.pid,
      db: ctx.db,
      database,
    });
    await stop(bare.child);
    // Every name once more, then 2 s: the card cache holds each card as it would after a
    // while in service (the misses during the run are counted below).
    await load(tend.url, names, 0, connections, undefined, names.length);
    // Each person's first ask of an account in a day also draws and uploads its chart after
    // the answer; that happened above, once per name. Measure the steady state after it.
    await settle(tend.child.pid);
    await load(tend.url, names, 2, connections);
    const before = await serverStats(tend.child);
    const t = await load(tend.url, names, seconds, connections, {
      pid: tend.child.pid,
      db: ctx.db,
      database,
    });
    const after = await serverStats(tend.child);
    await stop(tend.child);

    console.log(
      `\nslack /health <name> — ${accounts} accounts in real Postgres, ${connections} connections × ${seconds} s, card ${card.length} bytes`,
    );
    const cpu = (v: number | null) => (v === null ? '   ?' : v.toFixed(2).padStart(5));
    const row = (label: string, r: Measured) =>
      console.log(
        `  ${label.padEnd(26)} p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  ${r.rps.toFixed(0).padStart(6)} req/s  CPU/req ${cpu(r.cpu)} ms + db ${cpu(r.dbCpu)} ms  (${r.ok} ok, ${r.errors} errors)`,
      );
    row('bare Bolt, constant card', b);
    row('Tend', t);
    console.log(
      `  ratios: p50 ${(t.p50 / Math.max(b.p50, 1)).toFixed(2)}×, p99 ${(t.p99 / Math.max(b.p99, 1)).toFixed(2)}×, throughput ${((100 * t.rps) / b.rps).toFixed(0)}% of bare (goals: p99 ≤ 50 ms, ≥ 70%)`,
    );
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
    console.log(`  chart uploads during the run: ${uploads} (once per person, account and day)`);
    console.log(
      `  card cache during the run: ${h} hits, ${m} misses (${((100 * h) / Math.max(h + m, 1)).toFixed(0)}% from memory)`,
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
