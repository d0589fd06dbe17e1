import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { JobRun } from '../db/tables/operations';

/**
 * Claims one slot of a job. The primary key (job, slot) decides: of N replicas inserting the
 * same row at the same time exactly one gets it back, the others get nothing.
 */
export async function claimSlot(
  db: Db,
  job: string,
  slot: Date,
  claimedBy: string,
  now: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('job_runs')
    .values({ job, slot, claimed_by: claimedBy, started_at: now })
    .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
    .returning('job')
    .executeTakeFirst();
  return row !== undefined;
}

export async function finishRun(
  db: Db,
  job: string,
  slot: Date,
  now: Date,
  outcome: { summary: unknown } | { error: string },
): Promise<void> {
  await db
    .updateTable('job_runs')
    .set(
      'error' in outcome
        ? { status: 'failed', finished_at: now, error: outcome.error.slice(0, 2000) }
        : { status: 'done', finished_at: now, summary: JSON.stringify(outcome.summary ?? null) },
    )
    .where('job', '=', job)
    .where('slot', '=', slot)
    .execute();
}

export async function recentRuns(db: Db, limit: number): Promise<JobRun[]> {
  return db
    .selectFrom('job_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('job')
    .limit(limit)
    .execute();
}

/** Job rows are small, but a per-minute job adds 1,440 a day: keep a month. */
export async function pruneRuns(db: Db, before: Date): Promise<number> {
  const r = await sql`delete from job_runs where slot < ${before}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
