import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { BENCH_URL, ms } from './bench-db';

const BIN = resolve(import.meta.dirname, '../../bin/tend.js');
/** node's own flags from `npm start` (package.json), so the bench starts what a person does. */
const START_FLAGS = (
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
    scripts: { start: string };
  }
).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));
const PROBE = resolve(import.meta.dirname, 'mem-probe.mjs');
/** How long the server idles (after ready, after seeding) before its memory is read. */
const IDLE_MS = 3000;
/**
 * And read again later: V8's memory reducer gives back the start's garbage only after several
 * seconds without allocation, so an idle server settles lower than it stands 3 s after ready.
 */
const SETTLED_MS = 30_000;

/** Where an idle process's memory sits, from mem-probe.mjs and /proc/<pid>/status. */
export interface MemoryBreakdown {
  rssMb: number;
  /** Anonymous resident memory (heap, wasm, malloc) vs file-backed (node's code, mapped libs). */
  rssAnonMb: number;
  rssFileMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  mallocedMb: number;
  wasmMemoryMb: number;
}

export interface StartFigures extends MemoryBreakdown {
  readyMs: number;
  /** RSS after SETTLED_MS idle (the breakdown is read at IDLE_MS). */
  settledRssMb: number;
}

export interface StartupFigures {
  bare: StartFigures;
  first: StartFigures;
  later: StartFigures;
  postgres: StartFigures | null;
}

/**
 * Start-to-ready (spawn → /readyz 200) and idle memory of `tend serve`: embedded on a fresh data
 * folder with a cold tsx cache (what `npm start` does on a new clone: initdb, migrate, demo
 * seed), the same folder again, and on Postgres (a scratch database, no seed), beside a bare
 * node HTTP server.
 */
export async function startup(args: string[] = []): Promise<StartupFigures> {
  const bare = await startProcess(
    [
      '-e',
      "require('node:http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log('running at http://127.0.0.1:'+this.address().port)})",
    ],
    '/',
  );
  const dir = mkdtempSync(join(tmpdir(), 'tend-bench-'));
  // A private TMPDIR: tsx's transform cache (os.tmpdir()/tsx-<uid>) starts empty, as on a new machine.
  const coldTmp = mkdtempSync(join(tmpdir(), 'tend-bench-tmp-'));
  let first: StartFigures;
  let later: StartFigures;
  try {
    first = await startProcess([...START_FLAGS, BIN, 'serve'], '/readyz', {
      TEND_DATA_DIR: dir,
      TMPDIR: coldTmp,
    });
    later = await startProcess([...START_FLAGS, BIN, 'serve'], '/readyz', {
      TEND_DATA_DIR: dir,
      TMPDIR: coldTmp,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(coldTmp, { recursive: true, force: true });
  }
  const postgres = args.includes('--no-postgres') ? null : await postgresStart();
  console.log(
    `\nstart-to-ready (spawn → /readyz 200) and memory after ${IDLE_MS / 1000} s idle (settled: RSS after ${SETTLED_MS / 1000} s)`,
  );
  const row = (label: string, f: StartFigures) =>
    console.log(
      `  ${label.padEnd(44)} ${ms(f.readyMs).padStart(9)} (${(f.readyMs / bare.readyMs).toFixed(1)}×)  RSS ${f.rssMb} MB (settled ${f.settledRssMb}) = anon ${f.rssAnonMb} + file ${f.rssFileMb}; heap ${f.heapUsedMb}/${f.heapTotalMb}, external ${f.externalMb} (buffers ${f.arrayBuffersMb}), malloc ${f.mallocedMb}, wasm ${f.wasmMemoryMb} MB`,
    );
  row('bare node http server', bare);
  row('embedded, first start (fresh folder, cold tsx)', first);
  row('embedded, later start', later);
  if (postgres) row('Postgres (DATABASE_URL)', postgres);
  console.log('  goals: ≤ 5 s and ≤ 200 MB embedded; ≤ 120 MB on Postgres');
  return { bare, first, later, postgres };
}

/** `tend serve` on a scratch Postgres database (created empty; the server migrates it). */
async function postgresStart(): Promise<StartFigures> {
  const url = new URL(BENCH_URL);
  url.pathname = '/tend_bench_startup';
  const admin = new URL(BENCH_URL);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query('drop database if exists tend_bench_startup with (force)');
    await client.query('create database tend_bench_startup');
    return await startProcess([...START_FLAGS, BIN, 'serve'], '/readyz', {
      DATABASE_URL: url.toString(),
      HOST: '127.0.0.1',
    });
  } finally {
    await client.query('drop database if exists tend_bench_startup with (force)');
    await client.end();
  }
}

async function startProcess(
  args: string[],
  readyPath: string,
  env: Record<string, string> = {},
): Promise<StartFigures> {
  const probeOut = join(tmpdir(), `tend-bench-mem-${process.pid}-${Date.now()}.json`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PROBE, ...args], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      LOG_LEVEL: 'warn',
      TEND_MEM_PROBE_OUT: probeOut,
      ...env,
    },
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
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (field: string, text = status) =>
      Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0) / 1024);
    child.kill('SIGUSR2');
    const probe = await readProbe(probeOut);
    await new Promise((r) => setTimeout(r, SETTLED_MS - IDLE_MS));
    const settled = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return {
      readyMs,
      settledRssMb: kb('VmRSS', settled),
      rssMb: kb('VmRSS'),
      rssAnonMb: kb('RssAnon'),
      rssFileMb: kb('RssFile') + kb('RssShmem'),
      ...probe,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(probeOut, { force: true });
  }
}

async function readProbe(path: string): Promise<Omit<MemoryBreakdown, `rss${string}`>> {
  for (let i = 0; i < 100; i++) {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error('the memory probe did not answer');
}
