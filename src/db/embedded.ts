import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
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

export async function openEmbedded(dataDir: string | null): Promise<EmbeddedHandle> {
  if (dataDir === null) {
    const pglite = await PGlite.create(options);
    return { pglite, dataDir: ':memory:', close: () => pglite.close() };
  }
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  } catch (error) {
    throw new TendError(
      'data_dir_unusable',
      `cannot create the data folder ${dir}: ${(error as Error).message}`,
    );
  }
  const release = takeLock(dir);
  try {
    const pgdata = join(dir, 'pgdata');
    if (!existsSync(join(pgdata, 'PG_VERSION'))) await initdbInWorker(pgdata);
    const pglite = await PGlite.create(pgdata, options);
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
 * Creates the database cluster (initdb) in a worker thread that then exits. initdb loads its
 * own WebAssembly module and ~300 MB of buffers; in the main thread that is garbage nobody
 * collects while the server idles (the first start idled at ~630 MB, a later one at ~320 MB).
 * A worker's memory goes back to the system when it ends.
 */
async function initdbInWorker(pgdata: string): Promise<void> {
  const source = `
    const { workerData } = require('node:worker_threads');
    import(workerData.pglite).then(async ({ PGlite }) => {
      const pglite = await PGlite.create(workerData.pgdata, { postgresqlconf: workerData.conf });
      await pglite.close();
    });`;
  const worker = new Worker(source, {
    eval: true,
    workerData: {
      pgdata,
      conf: options.postgresqlconf,
      pglite: import.meta.resolve('@electric-sql/pglite'),
    },
  });
  await new Promise<void>((ok, fail) => {
    worker.once('error', fail);
    worker.once('exit', (code) =>
      code === 0 ? ok() : fail(new Error(`initdb worker exited with ${code}`)),
    );
  });
}

/** For tests: a fresh in-memory database loaded from a prepared image (fast: no initdb). */
export async function openEmbeddedFromImage(image: Blob): Promise<EmbeddedHandle> {
  const pglite = await PGlite.create({ ...options, loadDataDir: image });
  return { pglite, dataDir: ':memory:', close: () => pglite.close() };
}
