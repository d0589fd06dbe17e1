import type { JobRun, OutboxRow } from '../db/tables/operations';
import { type ConnectorState, connectorStates } from '../store/connector-state';
import { recentRuns } from '../store/job-runs';
import {
  type OutboxCounts,
  outboxCounts,
  requeue,
  unsentCounts,
  unsentRows,
} from '../store/outbox';
import type { AppContext } from './context';

export interface JobStatus {
  runs: JobRun[];
  outbox: OutboxCounts;
  /** Failed first (with their reason), then the oldest pending. */
  unsent: OutboxRow[];
  /** Per connector (segment, zendesk, hubspot): counts, last success, last error. */
  connectors: ConnectorState[];
}

export async function jobStatus(ctx: AppContext, limit = 20): Promise<JobStatus> {
  const [runs, outbox, unsent, connectors] = await Promise.all([
    recentRuns(ctx.db, limit),
    outboxCounts(ctx.db),
    unsentRows(ctx.db, limit),
    connectorStates(ctx.db),
  ]);
  return { runs, outbox, unsent, connectors };
}

/** Messages not sent yet, by status: what a metrics scrape reports (cheap: partial indexes). */
export function outboxBacklog(ctx: Pick<AppContext, 'db'>): Promise<{
  pending: number;
  failed: number;
}> {
  return unsentCounts(ctx.db);
}

/**
 * `tend outbox retry`: messages that gave up go back in the queue, due now, with a fresh
 * retry budget: one by id, or every failed one. Returns the rows requeued.
 */
export function requeueMessages(
  ctx: AppContext,
  which: { id: number } | { allFailed: true },
): Promise<OutboxRow[]> {
  return requeue(ctx.db, which, ctx.clock.now());
}
