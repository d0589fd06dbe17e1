import type { EntityName } from '../domain/ingest';
import type { AppContext } from './context';

/**
 * After a commit: the upserts already marked the touched accounts `health_stale`, so the next
 * recompute picks them up. Recomputing them right here is wired once the recompute use case
 * exists (see the report of the ingestion work).
 */
export async function afterIngest(
  ctx: AppContext,
  entity: EntityName,
  accountIds: readonly number[],
): Promise<void> {
  if (accountIds.length === 0) return;
  ctx.log.info({ entity, accounts: accountIds.length }, 'ingested; accounts marked for recompute');
}
