import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { TendError } from '../errors';

// Apart from embedded.ts so that the CLI can ask who holds a data folder without loading PGlite
// (a server on Postgres never needs it).
const LOCK_FILE = 'tend.lock';

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
export function takeLock(dataDir: string): () => void {
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
