import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { TendError } from '../errors';
import { valueParsers } from './types';

const LOCK_FILE = 'tend.lock';

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

/** Who holds the data folder, when a live process does. */
export function lockHolder(dataDir: string): number | null {
  const path = join(dataDir, LOCK_FILE);
  if (!existsSync(path)) return null;
  const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  if (pid === process.pid) return pid;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it still holds the folder.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/**
 * PGlite is one process's database: two processes writing one folder corrupt it. A lock file
 * with our pid guards it; a lock left by a dead process is taken over.
 */
function takeLock(dataDir: string): () => void {
  const holder = lockHolder(dataDir);
  if (holder !== null && holder !== process.pid) {
    throw new TendError(
      'data_dir_locked',
      `the embedded database in ${dataDir} is in use by process ${holder}; stop it or use its CLI forwarding`,
    );
  }
  const path = join(dataDir, LOCK_FILE);
  rmSync(path, { force: true });
  const fd = openSync(path, 'wx');
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return () => {
    if (lockHolder(dataDir) === process.pid) rmSync(path, { force: true });
  };
}

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
    const pglite = await PGlite.create(join(dir, 'pgdata'), options);
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

/** For tests: a fresh in-memory database loaded from a prepared image (fast: no initdb). */
export async function openEmbeddedFromImage(image: Blob): Promise<EmbeddedHandle> {
  const pglite = await PGlite.create({ ...options, loadDataDir: image });
  return { pglite, dataDir: ':memory:', close: () => pglite.close() };
}
