import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/context';
import type { JobDefinition } from '../../../src/jobs/definitions';
import { runSlot } from '../../../src/jobs/run-slot';
import { createScheduler } from '../../../src/jobs/scheduler';
import { describeEachDatabase, truncateAll } from '../../helpers/database';
import { jobsContext, movableClock, replicaHandles } from '../../helpers/jobs-context';

const SLOT = new Date('2026-11-23T08:00:00Z');
const AT = '2026-11-23T08:10:00Z';

/** A job whose runs the test counts, and which fails while `failing` is set. */
function countingJob(behaviour: { failing: boolean; ms?: number }) {
  const runs: string[] = [];
  const job: JobDefinition = {
    name: 'renewals',
    latestSlot: () => SLOT,
    run: async (ctx: AppContext) => {
      runs.push(ctx.clock.now().toISOString());
      if (behaviour.ms) await new Promise((r) => setTimeout(r, behaviour.ms));
      if (behaviour.failing) throw new Error('Slack said no');
      return { ok: true };
    },
  };
  return { job, runs };
}

describeEachDatabase(
  'job slots: leases from the database clock, retries with backoff',
  (get, kind) => {
    beforeEach(async () => {
      await truncateAll(get());
    });

    const row = () =>
      get()
        .db.selectFrom('job_runs')
        .selectAll()
        .where('job', '=', 'renewals')
        .executeTakeFirstOrThrow();
    /** Moves the row's times back, as the database's clock would have moved on. */
    const age = (column: 'started_at' | 'finished_at', seconds: number) =>
      sql`update job_runs set ${sql.ref(column)} = ${sql.ref(column)} - ${seconds} * interval '1 second'`.execute(
        get().db,
      );

    it('a slot left running by a dead replica is re-run once its lease ran out, not before', async () => {
      const ctx = jobsContext(get().db, movableClock(AT));
      const { job, runs } = countingJob({ failing: false });
      // A replica claimed the slot and died: the row says running, nobody will finish it.
      await get()
        .db.insertInto('job_runs')
        .values({ job: 'renewals', slot: SLOT, claimed_by: 'dead:1', started_at: sql<Date>`now()` })
        .execute();
      expect(await runSlot(ctx, job, SLOT, 'alive:2')).toEqual({ ran: false });
      await age('started_at', 14 * 60);
      expect(await runSlot(ctx, job, SLOT, 'alive:2')).toEqual({ ran: false });
      await age('started_at', 2 * 60);
      expect(await runSlot(ctx, job, SLOT, 'alive:2')).toMatchObject({ ran: true, attempt: 2 });
      expect(runs).toHaveLength(1);
      expect(await row()).toMatchObject({ status: 'done', claimed_by: 'alive:2', error: null });
      // Done is done.
      await age('started_at', 3600);
      expect(await runSlot(ctx, job, SLOT, 'alive:3')).toEqual({ ran: false });
    });

    it('the lease is measured on the database clock, whatever the app clock says', async () => {
      const { job } = countingJob({ failing: false });
      await get()
        .db.insertInto('job_runs')
        .values({ job: 'renewals', slot: SLOT, claimed_by: 'dead:1', started_at: sql<Date>`now()` })
        .execute();
      // A replica whose clock runs a day fast must not think the lease ran out.
      const fast = jobsContext(get().db, movableClock('2030-01-01T00:00:00Z'));
      expect(await runSlot(fast, job, SLOT, 'fast:2')).toEqual({ ran: false });
    });

    it('a failed slot is retried with backoff (1, 2, 4 minutes…), then recorded as done', async () => {
      const ctx = jobsContext(get().db, movableClock(AT));
      const behaviour = { failing: true };
      const { job, runs } = countingJob(behaviour);
      const scheduler = createScheduler(ctx, [job], { instance: 'r1', cron: false });
      expect((await scheduler.tick()).renewals).toMatchObject({
        ran: true,
        error: 'Slack said no',
      });
      expect(await row()).toMatchObject({ status: 'failed', summary: { attempt: 1 } });
      expect((await scheduler.tick()).renewals).toEqual({ ran: false });
      await age('finished_at', 61);
      expect((await scheduler.tick()).renewals).toMatchObject({ ran: true, attempt: 2 });
      // The second failure waits two minutes.
      await age('finished_at', 61);
      expect((await scheduler.tick()).renewals).toEqual({ ran: false });
      await age('finished_at', 60);
      behaviour.failing = false;
      expect((await scheduler.tick()).renewals).toMatchObject({ ran: true, attempt: 3 });
      expect(runs).toHaveLength(3);
      expect(await row()).toMatchObject({ status: 'done', error: null });
      await age('finished_at', 86_400);
      expect((await scheduler.tick()).renewals).toEqual({ ran: false });
    });

    it('a failed slot is not retried once it left the catch-up window', async () => {
      const clock = movableClock(AT);
      const ctx = jobsContext(get().db, clock);
      const { job, runs } = countingJob({ failing: true });
      const scheduler = createScheduler(ctx, [job], { instance: 'r1', cron: false });
      await scheduler.tick();
      await age('finished_at', 3600);
      clock.set('2026-11-24T08:30:00Z');
      expect((await scheduler.tick()).renewals).toMatchObject({
        skipped: expect.stringContaining('older'),
      });
      expect(runs).toHaveLength(1);
    });

    it('a runner that outlived its lease does not overwrite its successor', async () => {
      const ctx = jobsContext(get().db, movableClock(AT));
      const slow = countingJob({ failing: true, ms: 300 });
      const first = runSlot(ctx, slow.job, SLOT, 'slow:1');
      await new Promise((r) => setTimeout(r, 100));
      // While it runs, its lease is made to run out and a second replica takes the slot over.
      await age('started_at', 3600);
      const quick = countingJob({ failing: false });
      expect(await runSlot(ctx, quick.job, SLOT, 'quick:2')).toMatchObject({ ran: true });
      await first;
      expect(await row()).toMatchObject({ status: 'done', claimed_by: 'quick:2', error: null });
    });

    if (kind === 'embedded') {
      it.skip('skipped on the embedded database: two runners there share one connection, so they cannot race (set TEST_DATABASE_URL)', () => {});
    } else {
      describe('two concurrent runners on their own connections', () => {
        it('take over a dead replica’s slot exactly once, 25 times in a row', async () => {
          const replicas = await replicaHandles(get(), kind, 2);
          try {
            for (let round = 0; round < 25; round++) {
              await truncateAll(get());
              await get()
                .db.insertInto('job_runs')
                .values({
                  job: 'renewals',
                  slot: SLOT,
                  claimed_by: 'dead:1',
                  started_at: sql<Date>`now() - interval '1 hour'`,
                })
                .execute();
              const { job, runs } = countingJob({ failing: false, ms: 20 });
              const outcomes = await Promise.all(
                replicas.dbs.map((db, i) =>
                  runSlot(jobsContext(db, movableClock(AT)), job, SLOT, `r${i}`),
                ),
              );
              expect(outcomes.filter((o) => o.ran).length, `round ${round}`).toBe(1);
              expect(runs).toHaveLength(1);
            }
          } finally {
            await replicas.close();
          }
        });

        it('retry a failed slot exactly once', async () => {
          const replicas = await replicaHandles(get(), kind, 2);
          try {
            for (let round = 0; round < 25; round++) {
              await truncateAll(get());
              await get()
                .db.insertInto('job_runs')
                .values({
                  job: 'renewals',
                  slot: SLOT,
                  claimed_by: 'r0',
                  started_at: sql<Date>`now() - interval '10 minutes'`,
                  finished_at: sql<Date>`now() - interval '5 minutes'`,
                  status: 'failed',
                  error: 'earlier',
                  summary: JSON.stringify({ attempt: 1 }),
                })
                .execute();
              const { job, runs } = countingJob({ failing: false, ms: 20 });
              await Promise.all(
                replicas.dbs.map((db, i) =>
                  runSlot(jobsContext(db, movableClock(AT)), job, SLOT, `r${i}`),
                ),
              );
              expect(runs, `round ${round}`).toHaveLength(1);
            }
          } finally {
            await replicas.close();
          }
        });
      });
    }
  },
);
