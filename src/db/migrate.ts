import { type Migration, Migrator, sql } from 'kysely';
import { migrations } from '../../migrations/index';
import { TendError } from '../errors';
import type { DB } from './schema';

export interface MigrationReport {
  applied: string[];
}

/**
 * Runs every pending migration. kysely runs them in one transaction on Postgres (DDL is
 * transactional there), so a failure leaves the database as it was: never half-migrated.
 */
export async function migrateToLatest(
  db: DB,
  list: Record<string, Migration> = migrations,
): Promise<MigrationReport> {
  if (await upToDate(db, list)) return { applied: [] };
  // A migration may rewrite a large table or build an index: it runs on one connection with
  // the pool's statement_timeout lifted (and restored before the connection goes back).
  const { error, results } = await db.connection().execute(async (conn) => {
    await sql`set statement_timeout = 0`.execute(conn);
    try {
      return await new Migrator({
        db: conn,
        provider: { getMigrations: async () => list },
      }).migrateToLatest();
    } finally {
      await sql`reset statement_timeout`.execute(conn).catch(() => {});
    }
  });
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const reason = error instanceof Error ? error.message : String(error);
    throw new TendError(
      'migration_failed',
      `migration ${failed} failed, nothing was changed: ${reason}`,
    );
  }
  return { applied: (results ?? []).map((r) => r.migrationName) };
}

/**
 * Whether the database has run exactly these migrations: one query instead of the migrator's
 * dozen (its table checks, lock and listing cost ~0.3 s on a new PGlite backend, at every
 * start). Anything else (no migration table yet, a pending or an unknown migration) goes to the
 * migrator, which applies, or reports, as before.
 */
async function upToDate(db: DB, list: Record<string, Migration>): Promise<boolean> {
  // Asked first rather than caught: a failed select would abort a caller's transaction.
  const table = await sql<{ present: boolean }>`
    select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!table.rows[0]?.present) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const names = new Set(Object.keys(list));
  return rows.length === names.size && rows.every((r) => names.has(r.name));
}
