import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { checkBuild } from '../../scripts/build-fresh.mjs';
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

/** One way of starting: a first start on a new folder, a later start on it, one on Postgres. */
export interface StartSet {
  first: StartFigures;
  later: StartFigures;
  postgres: StartFigures | null;
}

/**
 * `npm start` as it runs after `npm install` (the compiled build, made by postinstall: its own
 * time is buildMs), beside the same starts from the sources through tsx with a cold transform
 * cache (what every start did before there was a build; `--no-sources` skips them).
 */
export interface StartupFigures extends StartSet {
  bare: StartFigures;
  buildMs: number;
  sources: StartSet | null;
}

/**
 * Start-to-ready (spawn → /readyz 200) and idle memory of `tend serve`: embedded on a fresh data
 * folder (what `npm start` does on a new clone: a cluster from the prepared image, migrate,
 * demo seed), the same folder again, and on Postgres (a scratch database, no seed), beside a bare
 * node HTTP server. Each start runs twice, alternating: from the compiled build (as after
 * `npm install`, whose build step is timed here too) and from the sources through tsx.
 */
export async function startup(args: string[] = []): Promise<StartupFigures> {
  const bare = await startProcess(
    [
      '-e',
      "require('node:http').createServer((q,s)=>s.end('ok')).listen(0,'127.0.0.1',function(){console.log('running at http://127.0.0.1:'+this.address().port)})",
    ],
    '/',
  );
  // The postinstall's build step, as `npm install` runs it.
  const buildStarted = performance.now();
  const built = spawnSync(
    process.execPath,
    [resolve(import.meta.dirname, '../../scripts/build.mjs')],
    {
      stdio: 'inherit',
    },
  );
  const buildMs = performance.now() - buildStarted;
  if (built.status !== 0) throw new Error('the compiled build failed (node scripts/build.mjs)');
  const fresh = checkBuild();
  if (!fresh.entry) throw new Error(`the compiled build does not run: ${fresh.stale}`);
  const withSources = !args.includes('--no-sources');
  const withPostgres = !args.includes('--no-postgres');
  const fromBuild = { TEND_FROM_SOURCES: '0' };
  const fromSources = { TEND_FROM_SOURCES: '1' };
  const buildRuns = await embeddedStarts(fromBuild, withSources ? fromSources : null);
  const postgresBuild = withPostgres ? await postgresStart(fromBuild) : null;
  const postgresSources = withPostgres && withSources ? await postgresStart(fromSources) : null;
  const sources = buildRuns.other ? { ...buildRuns.other, postgres: postgresSources } : null;
  console.log(
    `\nstart-to-ready (spawn → /readyz 200) and memory after ${IDLE_MS / 1000} s idle (settled: RSS after ${SETTLED_MS / 1000} s); load ${loadAverage()}`,
  );
  console.log(`  compiled build (postinstall step): ${ms(buildMs)}`);
  const row = (label: string, f: StartFigures, baseline?: StartFigures) =>
    console.log(
      `  ${label.padEnd(44)} ${ms(f.readyMs).padStart(9)} (${(f.readyMs / bare.readyMs).toFixed(1)}× bare${baseline ? `, ${(f.readyMs / baseline.readyMs).toFixed(2)}× sources` : ''})  RSS ${f.rssMb} MB (settled ${f.settledRssMb}${baseline ? `; sources ${baseline.rssMb}/${baseline.settledRssMb}` : ''}) = anon ${f.rssAnonMb} + file ${f.rssFileMb}; heap ${f.heapUsedMb}/${f.heapTotalMb}, external ${f.externalMb} (buffers ${f.arrayBuffersMb}), malloc ${f.mallocedMb}, wasm ${f.wasmMemoryMb} MB`,
    );
  row('bare node http server', bare);
  if (sources) row('sources: first start (new folder, cold tsx)', sources.first);
  row('build: first start (new folder)', buildRuns.first, sources?.first);
  if (sources) row('sources: later start', sources.later);
  row('build: later start', buildRuns.later, sources?.later);
  if (sources?.postgres) row('sources: Postgres (DATABASE_URL)', sources.postgres);
  if (postgresBuild)
    row('build: Postgres (DATABASE_URL)', postgresBuild, sources?.postgres ?? undefined);
  console.log('  goals: ≤ 5 s and ≤ 200 MB embedded; ≤ 120 MB on Postgres');
  return {
    bare,
    buildMs,
    first: buildRuns.first,
    later: buildRuns.later,
    postgres: postgresBuild,
    sources,
  };
}

function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/**
 * A first and a later start on a new folder for `env`, alternating with the same for `other`
 * (each on its own folder), so both see the same minute's load.
 */
async function embeddedStarts(
  env: Record<string, string>,
  other: Record<string, string> | null,
): Promise<{ first: StartFigures; later: StartFigures; other?: Omit<StartSet, 'postgres'> }> {
  const dirs: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tend-bench-'));
    dirs.push(dir);
    return dir;
  };
  const a = { TEND_DATA_DIR: folder(), TMPDIR: folder(), ...env };
  const b = other ? { TEND_DATA_DIR: folder(), TMPDIR: folder(), ...other } : null;
  try {
    // A private TMPDIR: tsx's transform cache (os.tmpdir()/tsx-<uid>) starts empty, as on a new machine.
    const otherFirst = b ? await startProcess([...START_FLAGS, BIN, 'serve'], '/readyz', b) : null;
    const first = await startProcess([...START_FLAGS, BIN, 'serve'], '/readyz', a);
    const otherLater = b ? await startProcess([...START_FLAGS, BIN, 'serve'], '/readyz', b) : null;
    const later = await startProcess([...START_FLAGS, BIN, 'serve'], '/readyz', a);
    return {
      first,
      later,
      ...(otherFirst && otherLater ? { other: { first: otherFirst, later: otherLater } } : {}),
    };
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** `tend serve` on a scratch Postgres database (created empty; the server migrates it). */
async function postgresStart(env: Record<string, string>): Promise<StartFigures> {
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
      ...env,
    });
  } finally {
    await client.query('drop database if exists tend_bench_startup with (force)');
    await client.end();
  }
}

export async function startProcess(
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
  for (let i = 0; i < 500; i++) {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  throw new Error('the memory probe did not answer');
}
