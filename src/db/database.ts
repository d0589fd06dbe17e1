import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseTimeouts } from '../config';
import { TendError } from '../errors';
import { auditedDialect } from './audited-dialect';
import {
  type ChangeFeed,
  type ChangeHandlers,
  listenEmbedded,
  listenPostgres,
} from './change-feed';
import type { EmbeddedHandle, FirstRunChild } from './embedded';
import { PGliteDialect } from './pglite-dialect';
import type { DB } from './schema';
import { valueParsers } from './types';

export interface DatabaseHandle {
  db: DB;
  kind: 'postgres' | 'embedded';
  /** Where the data lives, for logs (never the password). */
  where: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
  embedded?: EmbeddedHandle;
  /** LISTEN on `channel` (a dedicated connection on Postgres, PGlite's own when embedded). */
  listen(channel: string, handlers: ChangeHandlers): Promise<ChangeFeed>;
}

/**
 * Server-side limits on every pooled connection. A statement stuck behind a lock or a runaway
 * query is cancelled by Postgres itself (a client-side timer would leave it running there), and
 * a transaction left open by a hung caller is ended instead of holding its locks for ever.
 * 0 turns a limit off.
 */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  statementMs: 30_000,
  idleInTransactionMs: 60_000,
};

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number; timeouts?: DatabaseTimeouts }
  | { kind: 'embedded'; dataDir: string | null; firstRun?: FirstRunChild }
  | { kind: 'embedded-handle'; handle: EmbeddedHandle };

const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    valueParsers[oid] ??
    pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparsable url)';
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    return openPostgres(
      target.url,
      target.poolSize ?? 10,
      target.timeouts ?? DEFAULT_DATABASE_TIMEOUTS,
    );
  }
  const embedded =
    target.kind === 'embedded-handle'
      ? target.handle
      : // PGlite loads only for an embedded database: a server on Postgres never needs it.
        await (await import('./embedded')).openEmbedded(target.dataDir, target.firstRun);
  const db = new Kysely({
    dialect: auditedDialect(new PGliteDialect(embedded.pglite)),
  }) as DB;
  return {
    db,
    kind: 'embedded',
    where: embedded.dataDir,
    embedded,
    listen: (channel, handlers) => listenEmbedded(embedded.pglite, channel, handlers),
    ping: () => ping(db),
    close: async () => {
      await db.destroy();
      await embedded.close();
    },
  };
}

async function openPostgres(
  url: string,
  poolSize: number,
  timeouts: DatabaseTimeouts,
): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    types: pgTypes,
    // Sent as startup parameters: they hold for every statement on every pooled connection.
    statement_timeout: timeouts.statementMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
  });
  // An idle client losing its server (database restarted) must not crash the process.
  pool.on('error', () => {});
  // Nor may a checked-out one: Postgres ending a transaction left idle (the timeout above) or
  // restarting mid-transaction emits 'error' on a client the pool no longer listens to. The
  // caller's next query on it fails instead, and the pool drops the client on release.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely({
    dialect: auditedDialect(new PostgresDialect({ pool })),
  }) as DB;
  const handle: DatabaseHandle = {
    db,
    kind: 'postgres',
    where: redactUrl(url),
    listen: async (channel, handlers) => listenPostgres(url, channel, handlers),
    ping: () => ping(db),
    close: () => db.destroy(),
  };
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new TendError(
      'database_unreachable',
      `cannot reach the database at ${handle.where}: ${(error as Error).message || (error as NodeJS.ErrnoException).code}`,
    );
  }
  return handle;
}

/** Whether the database answers a trivial query (readiness, and what a late answer blames). */
export async function ping(db: DB): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
