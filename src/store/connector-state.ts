import { sql } from 'kysely';
import type { Db } from '../db/schema';

export interface ConnectorCounts {
  received: number;
  written: number;
  duplicates: number;
  skipped: number;
  rejected: number;
}

export interface ConnectorState extends ConnectorCounts {
  connector: string;
  last_success_at: Date | null;
  last_error_at: Date | null;
  last_error: string | null;
  cursor: string | null;
}

export const NO_COUNTS: ConnectorCounts = {
  received: 0,
  written: 0,
  duplicates: 0,
  skipped: 0,
  rejected: 0,
};

/**
 * Adds one request's or run's counts to the connector's totals, and notes it as the last
 * success or the last error. One short statement after the work commits: the counters are
 * for people reading `tend jobs status`, not part of the data's all-or-nothing.
 */
export async function recordConnector(
  db: Db,
  connector: string,
  counts: Partial<ConnectorCounts>,
  at: Date,
  error?: string,
): Promise<void> {
  const c = { ...NO_COUNTS, ...counts };
  const failed = error !== undefined;
  await sql`insert into connector_state as s (connector, received, written, duplicates, skipped,
      rejected, last_success_at, last_error_at, last_error)
    values (${connector}, ${c.received}, ${c.written}, ${c.duplicates}, ${c.skipped},
      ${c.rejected}, ${failed ? null : at}::timestamptz, ${failed ? at : null}::timestamptz,
      ${failed ? error.slice(0, 2000) : null})
    on conflict (connector) do update set
      received = s.received + excluded.received, written = s.written + excluded.written,
      duplicates = s.duplicates + excluded.duplicates, skipped = s.skipped + excluded.skipped,
      rejected = s.rejected + excluded.rejected,
      last_success_at = coalesce(excluded.last_success_at, s.last_success_at),
      last_error_at = coalesce(excluded.last_error_at, s.last_error_at),
      last_error = coalesce(excluded.last_error, s.last_error)`.execute(db);
}

export async function connectorCursor(db: Db, connector: string): Promise<string | null> {
  const row = await db
    .selectFrom('connector_state')
    .select('cursor')
    .where('connector', '=', connector)
    .executeTakeFirst();
  return row?.cursor ?? null;
}

export async function setConnectorCursor(db: Db, connector: string, cursor: string): Promise<void> {
  await sql`insert into connector_state as s (connector, cursor) values (${connector}, ${cursor})
    on conflict (connector) do update set cursor = excluded.cursor`.execute(db);
}

export async function connectorStates(db: Db): Promise<ConnectorState[]> {
  return db.selectFrom('connector_state').selectAll().orderBy('connector').execute();
}
