import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { JobRun } from '../db/tables/operations';

/** Milliseconds, as a JS Date holds them: the claim is matched on started_at later. */
const STARTED = sql`date_trunc('milliseconds', clock_timestamp())`;

export interface ClaimRules {
  /** A `running` row older than this belongs to a runner presumed dead: it may be re-run. */
  leaseMs: number;
  /** A `failed` row is retried after this, doubled per attempt, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
}

/** What a successful claim holds: the row is ours while claimed_by and started_at match. */
export interface Claim {
  job: string;
  slot: Date;
  claimedBy: string;
  startedAt: Date;
  attempt: number;
}

/**
 * Claims one slot of a job. The primary key (job, slot) decides: of N replicas inserting the
 * same row at the same time exactly one gets it back. An existing row is taken over only when
 * its runner's lease ran out (`running` and started longer ago than the lease: that replica
 * died) or when it failed and its backoff passed; Postgres serialises the competing upserts
 * on the row and re-checks the condition, so a takeover is won by one replica too.
 *
 * Every time is the database's clock_timestamp(), never the app's: replicas whose clocks
 * disagree still agree on whose lease ran out. The attempt number rides in `summary` while a
 * run is under way or failed (no extra column); a finished run's summary replaces it.
 */
export async function claimSlot(
  db: Db,
  job: string,
  slot: Date,
  claimedBy: string,
  rules: ClaimRules,
): Promise<Claim | null> {
  const { rows } = await sql<{ started_at: Date; attempt: number }>`
    insert into job_runs as r (job, slot, claimed_by, started_at, summary)
    values (${job}, ${slot}, ${claimedBy}, ${STARTED}, '{"attempt": 1}'::jsonb)
    on conflict (job, slot) do update
      set claimed_by = excluded.claimed_by,
          started_at = ${STARTED},
          finished_at = null,
          status = 'running',
          summary = jsonb_build_object(
            'attempt', coalesce((r.summary ->> 'attempt')::int, 1) + 1,
            'after', r.status)
      where (r.status = 'running'
             and r.started_at < clock_timestamp() - ${rules.leaseMs} * interval '1 millisecond')
         or (r.status = 'failed'
             and r.finished_at < clock_timestamp() - least(
                   ${rules.retryMaxMs}::float8,
                   ${rules.retryBaseMs}::float8
                     * power(2, coalesce((r.summary ->> 'attempt')::int, 1) - 1)
                 ) * interval '1 millisecond')
    returning r.started_at, (r.summary ->> 'attempt')::int as attempt`.execute(db);
  const row = rows[0];
  return row ? { job, slot, claimedBy, startedAt: row.started_at, attempt: row.attempt } : null;
}

/**
 * Writes the outcome, if the claim still holds: a runner that outlived its lease and was
 * replaced must not overwrite its successor's row.
 */
export async function finishRun(
  db: Db,
  claim: Claim,
  outcome: { summary: unknown } | { error: string },
): Promise<boolean> {
  const r = await db
    .updateTable('job_runs')
    .set(
      'error' in outcome
        ? {
            status: 'failed',
            finished_at: sql<Date>`clock_timestamp()`,
            error: outcome.error.slice(0, 2000),
            summary: JSON.stringify({ attempt: claim.attempt }),
          }
        : {
            status: 'done',
            finished_at: sql<Date>`clock_timestamp()`,
            error: null,
            summary: JSON.stringify(outcome.summary ?? null),
          },
    )
    .where('job', '=', claim.job)
    .where('slot', '=', claim.slot)
    .where('claimed_by', '=', claim.claimedBy)
    .where('started_at', '=', claim.startedAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
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
