import { isTransientConflict } from '../db/errors';
import type { EntityName } from '../domain/ingest';
import type { AppContext } from './context';
import { recomputeHealth } from './health-recompute';
import { openSurveyLoops } from './survey-loops';

/** Tries of the recompute after a batch when it loses a lock race (see afterIngest). */
const RECOMPUTE_TRIES = 3;

/**
 * After a commit: the upserts already marked the touched accounts `health_stale`; recompute
 * them now so /health reflects the new data at once. "Touched" leaves out accounts whose only
 * new rows are usage older than the health window (see firstDayAffectingHealth): those rows
 * cannot change today's score, so bulk history loads skip the recompute. Best effort: the
 * data is stored either way, and a failed recompute leaves the stale mark for the next one.
 */
export async function afterIngest(
  ctx: AppContext,
  entity: EntityName,
  accountIds: readonly number[],
): Promise<void> {
  if (accountIds.length === 0) return;
  if (entity === 'surveys') {
    // A detractor or low CSAT answer opens its loop now, not at the next hourly risk run.
    try {
      await openSurveyLoops(ctx, accountIds);
    } catch (error) {
      ctx.log.warn({ err: error }, 'opening survey loops after ingest failed');
    }
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const report = await recomputeHealth(ctx, { accountIds: [...accountIds] });
      ctx.log.info({ entity, accounts: report.accounts }, 'ingested; health recomputed');
      return;
    } catch (error) {
      // Clearing the stale marks takes the accounts rows in the table's order, not by id: a
      // batch or another recompute locking them the other way round can make Postgres fail
      // this side of the cycle (40P01). The other side moves on, so the same recompute again
      // finds the rows free.
      if (attempt < RECOMPUTE_TRIES && isTransientConflict(error)) {
        ctx.log.warn({ err: error, entity, attempt }, 'recompute after ingest lost a lock race');
        continue;
      }
      ctx.log.warn(
        { err: error, entity, accounts: accountIds.length, attempt },
        'recompute after ingest failed',
      );
      return;
    }
  }
}
