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
