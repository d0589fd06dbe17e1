import type { EntityName } from '../domain/ingest';
import { retryOnConflict } from './conflict-retry';
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
  try {
    // Two recomputes, or a recompute and a batch, can still meet in a lock cycle on rows
    // outside the accounts table: the losing side runs again.
    const report = await retryOnConflict(
      ctx,
      RECOMPUTE_TRIES,
      { msg: 'recompute after ingest lost a lock race', fields: { entity } },
      () => recomputeHealth(ctx, { accountIds: [...accountIds] }),
    );
    ctx.log.info({ entity, accounts: report.accounts }, 'ingested; health recomputed');
  } catch (error) {
    ctx.log.warn(
      { err: error, entity, accounts: accountIds.length },
      'recompute after ingest failed',
    );
  }
}
