import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { runDigestJob } from '../../../src/app/digests';
import { describeEachDatabase, truncateAll } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { jobsContext, movableClock, replicaHandles } from '../../helpers/jobs-context';
import { withSettings } from '../../helpers/jobs-fixtures';

describeEachDatabase('digest days and catch-ups', (get, kind) => {
  beforeEach(async () => {
    await truncateAll(get());
  });

  const subscribe = (timezone: string, extra: Record<string, unknown> = {}) =>
    get()
      .db.insertInto('channel_subscriptions')
      .values({
        platform: 'slack',
        channel_id: 'CDIG',
        kind: 'digest',
        timezone,
        at_time: '09:00',
        weekdays_only: false,
        created_by: 'U1',
        filters: '{}',
        ...extra,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  const digests = () =>
    get()
      .db.selectFrom('outbox')
      .select(['dedupe_key', 'payload'])
      .where('dedupe_key', 'like', 'digest:%')
      .orderBy('id')
      .execute();

  it("uses the subscription's day, not the team's, for what is overdue and for the date", async () => {
    // The team works in UTC; the channel is in Auckland, 13 hours ahead in November.
    const clock = movableClock('2026-11-23T12:00:00Z');
    const ctx = withSettings(jobsContext(get().db, clock), { timezone: 'UTC' });
    const acme = await insertAccount(get().db, { external_id: 'acme', name: 'Acme Corp' });
    await get()
      .db.insertInto('follow_ups')
      .values({ account_id: acme, title: 'Call the CFO', due_on: '2026-11-23', created_by: 'U1' })
      .execute();
    await subscribe('Pacific/Auckland');
    // 09:00 on Tuesday 24 November in Auckland is 20:00 on Monday the 23rd in UTC.
    clock.set('2026-11-23T20:00:00Z');
    expect((await runDigestJob(ctx)).digests).toBe(1);
    const card = JSON.stringify((await digests())[0]?.payload);
    // Due on the 23rd is overdue on the channel's 24th (the team's 23rd would not say so).
    expect(card).toContain('Call the CFO');
    expect(card).toContain('24 Nov');
  });

  it('falls back to the team zone for a subscription without one', async () => {
    const clock = movableClock('2026-11-23T12:00:00Z');
    const ctx = withSettings(jobsContext(get().db, clock), { timezone: 'Pacific/Auckland' });
    const acme = await insertAccount(get().db, { external_id: 'acme', name: 'Acme Corp' });
    await get()
      .db.insertInto('follow_ups')
      .values({ account_id: acme, title: 'Call the CFO', due_on: '2026-11-23', created_by: 'U1' })
      .execute();
    await subscribe('');
    clock.set('2026-11-23T20:00:00Z');
    expect((await runDigestJob(ctx)).digests).toBe(1);
    expect(JSON.stringify((await digests())[0]?.payload)).toContain('Call the CFO');
  });

  it('a catch-up is keyed per subscription and local day: a second run that day adds none', async () => {
    const clock = movableClock('2026-11-23T10:00:00Z');
    const ctx = jobsContext(get().db, clock);
    const { id } = await subscribe('UTC', { catch_up_pending: true });
    expect(await runDigestJob(ctx)).toMatchObject({ catchUps: 1, messages: 1 });
    // As if an overlapping run had read the subscription before the first one committed.
    await get().db.updateTable('channel_subscriptions').set({ catch_up_pending: true }).execute();
    clock.advance(60_000);
    expect(await runDigestJob(ctx)).toMatchObject({ catchUps: 1, messages: 0 });
    expect((await digests()).map((d) => d.dedupe_key)).toEqual([`digest:${id}:catchup:2026-11-23`]);
  });

  if (kind === 'postgres') {
    it('two overlapping digest runs on their own connections send one catch-up', async () => {
      const replicas = await replicaHandles(get(), kind, 3);
      try {
        await subscribe('UTC', { catch_up_pending: true });
        const [a, b, blocker] = replicas.dbs as [
          (typeof replicas.dbs)[0],
          (typeof replicas.dbs)[0],
          (typeof replicas.dbs)[0],
        ];
        // Hold inserts into the outbox back, so both runs read the subscription (catch-up
        // pending) before either writes: the overlap of a slow run and the next minute's.
        let release = () => {};
        const held = new Promise<void>((r) => {
          release = r;
        });
        const locker = blocker.transaction().execute(async (trx) => {
          await sql`lock table outbox in exclusive mode`.execute(trx);
          await held;
        });
        await new Promise((r) => setTimeout(r, 100));
        const first = runDigestJob(jobsContext(a, movableClock('2026-11-23T10:00:00Z')));
        const second = runDigestJob(jobsContext(b, movableClock('2026-11-23T10:01:00Z')));
        for (let i = 0; i < 100; i++) {
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and datname = current_database()`.execute(get().db);
          if ((rows[0]?.n ?? 0) >= 2) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        release();
        await locker;
        const results = await Promise.all([first, second]);
        expect(results.map((r) => r.catchUps)).toEqual([1, 1]);
        expect(await digests()).toHaveLength(1);
      } finally {
        await replicas.close();
      }
    });
  } else {
    it.skip('skipped on the embedded database: one connection cannot overlap two runs (set TEST_DATABASE_URL)', () => {});
  }
});
