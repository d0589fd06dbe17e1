import type { JobRun, OutboxRow } from '../db/tables/operations';
import { recentRuns } from '../store/job-runs';
import { type OutboxCounts, outboxCounts, unsentRows } from '../store/outbox';
import type { AppContext } from './context';

export interface JobStatus {
  runs: JobRun[];
  outbox: OutboxCounts;
  /** Failed first (with their reason), then the oldest pending. */
  unsent: OutboxRow[];
}

export async function jobStatus(ctx: AppContext, limit = 20): Promise<JobStatus> {
  const [runs, outbox, unsent] = await Promise.all([
    recentRuns(ctx.db, limit),
    outboxCounts(ctx.db),
    unsentRows(ctx.db, limit),
  ]);
  return { runs, outbox, unsent };
}
