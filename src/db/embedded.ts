import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { TendError } from '../errors';
import { takeLock } from './data-dir-lock';
import { valueParsers } from './types';

/**
 * PGlite's defaults size buffers for a browser tab's whole app (128 MB shared_buffers). A trial
 * database of a few hundred accounts fits in far less, and idle memory is what a person
 * notices: 16 MB of buffers takes about 130 MB off the resident size.
 */
const options = { parsers: valueParsers, postgresqlconf: ['shared_buffers=16MB', 'work_mem=8MB'] };

/**
 * The data folder holds CSM e-mails and account data. PGlite creates its files with the
 * process umask (0666 under the usual 0022, readable by every local user), so the folder is
 * made 0700 (nobody else can enter it, whatever the files' modes) and what is in it 0700/0600.
 */
function lockDown(path: string): void {
  chmodSync(path, 0o700);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) lockDown(child);
    else if (entry.isFile()) chmodSync(child, 0o600);
  }
}

export { lockHolder } from './data-dir-lock';

export interface EmbeddedHandle {
  pglite: PGlite;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A child process that makes a new cluster ready: node's arguments (after its own path) for a
 * program that creates the cluster at `TEND_PGDATA` (with openCluster) and fills it. The db layer
 * knows no app code, so whoever opens the database says what a first run does (src/cli/first-run.ts
 * migrates and seeds the demo for `tend serve`); without one a child runs initdb alone.
 */
export interface FirstRunChild {
  argv: string[];
  /** Added to the child's environment (what it needs to know beyond TEND_PGDATA). */
  env?: Record<string, string>;
}

/** A first run under way: the child's work, and PGlite's module compiled meanwhile. */
interface FirstRun {
  ready: Promise<void>;
  compiled: Promise<WebAssembly.Module | null>;
}
/** First runs started before the server asked for its database (beginFirstRun), by folder. */
const early = new Map<string, FirstRun & { release: () => void }>();

/**
 * Starts the child, and compiles PGlite's WebAssembly module here while it works (after it
 * exits the server would only wait for the compile, ~0.5 s of a first start).
 */
function startFirstRun(pgdata: string, firstRun?: FirstRunChild): FirstRun {
  const ready = firstRunInChild(pgdata, firstRun);
  // Awaited by openEmbedded, perhaps later: until then a failure must not count as unhandled.
  ready.catch(() => {});
  return { ready, compiled: compilePglite() };
}

function makeDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  } catch (error) {
    throw new TendError(
      'data_dir_unusable',
      `cannot create the data folder ${dir}: ${(error as Error).message}`,
    );
  }
}

/**
 * Starts a new folder's first run now, if the folder is new: `tend serve` calls it before it
 * loads the rest of its code (~0.7 s of a first start), so the child makes the folder ready
 * meanwhile instead of after. openEmbedded then waits for this run rather than starting one.
 * Does nothing (false) when the folder is already made or cannot be locked: openEmbedded
 * then meets the same and says so.
 */
export function beginFirstRun(dataDir: string, firstRun: FirstRunChild): boolean {
  const dir = resolve(dataDir);
  if (early.has(dir)) return true;
  let release: () => void;
  try {
    makeDataDir(dir);
    release = takeLock(dir);
  } catch {
    return false;
  }
  if (existsSync(join(dir, 'pgdata', 'PG_VERSION'))) {
    release();
    return false;
  }
  early.set(dir, { release, ...startFirstRun(join(dir, 'pgdata'), firstRun) });
  return true;
}

export async function openEmbedded(
  dataDir: string | null,
  firstRun?: FirstRunChild,
): Promise<EmbeddedHandle> {
  if (dataDir === null) {
    const pglite = await PGlite.create(options);
    return { pglite, dataDir: ':memory:', close: () => pglite.close() };
  }
  const dir = resolve(dataDir);
  const begun = early.get(dir);
  early.delete(dir);
  if (!begun) makeDataDir(dir);
  const release = begun?.release ?? takeLock(dir);
  try {
    const pgdata = join(dir, 'pgdata');
    const run =
      begun ?? (existsSync(join(pgdata, 'PG_VERSION')) ? null : startFirstRun(pgdata, firstRun));
    await run?.ready;
    const module = run ? await run.compiled : null;
    const pglite = await PGlite.create(
      pgdata,
      module ? { ...options, pgliteWasmModule: module } : options,
    );
    lockDown(dir);
    return {
      pglite,
      dataDir: dir,
      close: async () => {
        try {
          await pglite.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    const reason = error instanceof Error ? error.message : String(error);
    throw new TendError(
      'data_dir_corrupt',
      `cannot open the embedded database in ${dir} (${reason.split('\n')[0]}); move the folder aside or set TEND_DATA_DIR`,
    );
  }
}

/**
 * Creates the database cluster (initdb), and whatever else the first run does, in a short-lived
 * child process. initdb loads its own WebAssembly module and ~300 MB of buffers; in the server's
 * process that was garbage nobody collected while it idled (a first start idled at ~630 MB, a
 * later one at ~320 MB), and in a worker thread the C heap it used stayed with the process
 * (~500 MB). Seeding is the same story on a smaller scale: PGlite's WebAssembly memory keeps the
 * pages the bulk load touched, so a server that seeded idles higher than one that opens a seeded
 * folder. A child gives it all back when it exits.
 *
 * The child makes the cluster beside (`pgdata.partial`) and it is renamed once the child is
 * done: a first run killed half-way (Ctrl-C while it unpacks or seeds) used to leave a folder
 * that looked made (PG_VERSION) but was not; now the next start begins again.
 */
async function firstRunInChild(pgdata: string, firstRun?: FirstRunChild): Promise<void> {
  const partial = `${pgdata}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const initdbOnly = `
    const { PGlite } = await import(process.env.TEND_PGLITE_URL);
    const pglite = await PGlite.create(process.env.TEND_PGDATA, {
      postgresqlconf: JSON.parse(process.env.TEND_PGCONF),
    });
    await pglite.close();`;
  const child = spawn(
    process.execPath,
    [
      ...v8Flags(process.execArgv),
      ...(firstRun?.argv ?? ['--input-type=module', '-e', initdbOnly]),
    ],
    {
      env: {
        ...process.env,
        TEND_PGLITE_URL: import.meta.resolve('@electric-sql/pglite'),
        TEND_PGDATA: partial,
        TEND_PGCONF: JSON.stringify(options.postgresqlconf),
        ...firstRun?.env,
      },
      // The first run's own log lines (demo data seeded) go where the server's go.
      stdio: ['ignore', firstRun ? 'inherit' : 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  await new Promise<void>((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) =>
      code === 0
        ? ok()
        : fail(new Error(`first run (initdb) exited with ${code}: ${stderr.trim()}`)),
    );
  });
  renameSync(partial, pgdata);
}

/**
 * The server's own V8 flags (npm start's --liftoff-only, --optimize-for-size, …) for the child:
 * PGlite compiles its WebAssembly module in every process, and with Liftoff alone that takes
 * half the time. Loaders and probes (--import, --require, --inspect, --cpu-prof) stay with the
 * server: the child names its own loader.
 */
export function v8Flags(execArgv: readonly string[]): string[] {
  const keep: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i] as string;
    if (!SERVER_ONLY.test(arg)) keep.push(arg);
    // Its value is the next argument unless written with '='.
    else if (TAKES_VALUE.test(arg)) i++;
  }
  return keep;
}

const SERVER_ONLY =
  /^(--(import|require|loader|experimental-loader|inspect|cpu-prof|heap-prof|eval|print)|-[repi]$)/;
const TAKES_VALUE =
  /^(--(import|require|loader|experimental-loader|cpu-prof-dir|heap-prof-dir|eval|print)|-[rep])$/;

/**
 * In a first-run child: the new cluster at TEND_PGDATA, opened as the server opens it. With a
 * prepared image (db/cluster-image.ts) PGlite unpacks it into the folder and skips initdb; the
 * folder is then a normal data folder, the same as one initdb made.
 */
export async function openCluster(image?: Blob | null): Promise<EmbeddedHandle> {
  const pgdata = process.env.TEND_PGDATA;
  if (!pgdata) throw new Error('openCluster runs in a first-run child (TEND_PGDATA unset)');
  const pglite = await PGlite.create(pgdata, image ? { ...options, loadDataDir: image } : options);
  return { pglite, dataDir: pgdata, close: () => pglite.close() };
}

/** For tests: a fresh in-memory database loaded from a prepared image (fast: no initdb). */
export async function openEmbeddedFromImage(image: Blob): Promise<EmbeddedHandle> {
  const pglite = await PGlite.create({ ...options, loadDataDir: image });
  return { pglite, dataDir: ':memory:', close: () => pglite.close() };
}

/** The WebAssembly global (the project's TypeScript libraries declare only its types). */
const wasm = (
  globalThis as unknown as {
    WebAssembly: { compile(bytes: Uint8Array): Promise<WebAssembly.Module> };
  }
).WebAssembly;

/**
 * PGlite's WebAssembly module, compiled while a first-run child makes the folder ready (the
 * server would otherwise compile it after the child exits, ~0.5 s of a first start spent
 * waiting). Null when it cannot be read or compiled: PGlite then compiles its own, as on every
 * later start.
 */
function compilePglite(): Promise<WebAssembly.Module | null> {
  const url = new URL('./pglite.wasm', import.meta.resolve('@electric-sql/pglite'));
  return readFile(url)
    .then((bytes) => wasm.compile(bytes))
    .catch(() => null);
}
