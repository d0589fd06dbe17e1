import { type Migration, Migrator } from 'kysely';
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
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => list },
  });
  const { error, results } = await migrator.migrateToLatest();
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
