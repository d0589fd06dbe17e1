import { sql } from 'kysely';
import type { AppContext } from '../../src/app/context';
import type { Clock } from '../../src/clock';
import { type DatabaseHandle, openDatabase } from '../../src/db/database';
import { silentLogger } from '../../src/log';
import type { DatabaseKind } from './database';
import { testConfig } from './fixtures';

/** A clock a test moves by hand (leases running out, Retry-After passing). */
export interface MovableClock extends Clock {
  set(at: string | Date): void;
  advance(ms: number): void;
}

export function movableClock(at: string): MovableClock {
  let t = new Date(at).getTime();
  return {
    now: () => new Date(t),
    set: (to) => {
      t = new Date(to).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export function jobsContext(db: DatabaseHandle['db'], clock: Clock): AppContext {
  return { db, config: testConfig(), clock, log: silentLogger };
}

/**
 * `n` more connections to the test database, each its own pool: replicas. On the embedded
 * database (one connection by nature) they share the handle, which still interleaves them.
 */
export async function replicaHandles(
  handle: DatabaseHandle,
  kind: DatabaseKind,
  n: number,
): Promise<{ dbs: DatabaseHandle['db'][]; close(): Promise<void> }> {
  if (kind === 'embedded' || !process.env.TEST_DATABASE_URL) {
    return { dbs: Array.from({ length: n }, () => handle.db), close: async () => {} };
  }
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(
    handle.db,
  );
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/${rows[0]?.name}`;
  const handles = await Promise.all(
    Array.from({ length: n }, () =>
      openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 }),
    ),
  );
  return {
    dbs: handles.map((h) => h.db),
    close: async () => {
      await Promise.all(handles.map((h) => h.close()));
    },
  };
}
