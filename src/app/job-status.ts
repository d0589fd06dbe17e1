import type { JobRun, OutboxRow } from '../db/tables/operations';
import { type ConnectorState, connectorStates } from '../store/connector-state';
import { recentRuns } from '../store/job-runs';
import { type OutboxCounts, outboxCounts, unsentRows } from '../store/outbox';
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
