import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { rich } from '../../../src/cards/model';
import { createSlackSender } from '../../../src/chat/slack/sender';
import type { NewMessage } from '../../../src/delivery/message';
import { createOutboxWorker, type WorkerOptions } from '../../../src/delivery/worker';
import { claimDue, enqueue } from '../../../src/store/outbox';
import { describeEachDatabase, truncateAll } from '../../helpers/database';
import { jobsContext, movableClock, replicaHandles } from '../../helpers/jobs-context';
import { type SlackApiStub, startSlackApiStub } from '../../helpers/slack-api-stub';

const T0 = '2026-11-23T09:00:00Z';

function message(i: number, channel = `C${i % 5}`): NewMessage {
  const card = {
    title: `msg ${i}`,
    fallback: `msg ${i}`,
    blocks: [{ type: 'text' as const, text: rich(`hello ${i}`) }],
  };
  return {
    platform: 'slack',
    channelId: channel,
    dedupeKey: `test:${i}`,
    payload: { op: 'post', kind: 'test', card },
  };
}

describeEachDatabase('outbox worker', (get, kind) => {
  let stub: SlackApiStub;
  const fast = { slack: { rate: 1000, burst: 1000 } };
  const noSleep = { sleep: async () => {} };
  const options = (instance: string, extra: Partial<WorkerOptions> = {}): WorkerOptions => ({
    instance,
    senders: { slack: createSlackSender({ token: 'xoxb-test', apiUrl: stub.url }) },
    pace: fast,
    random: () => 0.5,
    ...noSleep,
    ...extra,
  });

  beforeAll(async () => {
    stub = await startSlackApiStub();
  });
  afterAll(() => stub.close());
  beforeEach(async () => {
    await truncateAll(get());
    stub.reset();
  });

  it('three replicas on one database send each message exactly once', async () => {
    const clock = movableClock(T0);
    const replicas = await replicaHandles(get(), kind, 3);
    try {
      const ctxs = replicas.dbs.map((db) => jobsContext(db, clock));
      const messages = Array.from({ length: 60 }, (_, i) => message(i));
      // Every replica enqueues the same messages (as the same job slot would): dedupe keys win.
      const added = await Promise.all(ctxs.map((c) => enqueue(c.db, messages, clock.now())));
      expect(added.reduce((a, b) => a + b, 0)).toBe(60);
      const workers = ctxs.map((c, i) => createOutboxWorker(c, options(`r${i}`, { batch: 7 })));
      await Promise.all(workers.map((w) => w.runUntilIdle()));
      await Promise.all(workers.map((w) => w.runUntilIdle()));
      const texts = stub.posts.map((p) => p.text).sort();
      expect(texts).toEqual(messages.map((m) => m.dedupeKey.replace('test:', 'msg ')).sort());
      const sent = await get().db.selectFrom('outbox').select(['status', 'message_ref']).execute();
      expect(sent.every((r) => r.status === 'sent' && r.message_ref?.includes('"ts"'))).toBe(true);
    } finally {
      await replicas.close();
    }
  });

  it('keeps each channel in order', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(
      ctx.db,
      Array.from({ length: 12 }, (_, i) => message(i, 'CORDER')),
      clock.now(),
    );
    await createOutboxWorker(ctx, options('one', { perChannel: 5 })).runUntilIdle();
    expect(stub.posts.map((p) => p.text)).toEqual(Array.from({ length: 12 }, (_, i) => `msg ${i}`));
  });

  it('a replica killed after claiming loses nothing: its lease runs out and another sends', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CK'), message(2, 'CK'), message(3, 'CJ')], clock.now());
    // The dead replica claims everything and never sends.
    const claimed = await claimDue(ctx.db, {
      instance: 'dead',
      now: clock.now(),
      leaseMs: 60_000,
      limit: 10,
      perChannel: 5,
      platforms: ['slack'],
    });
    expect(claimed).toHaveLength(3);
    const survivor = createOutboxWorker(ctx, options('alive', { leaseMs: 60_000 }));
    expect(await survivor.runUntilIdle()).toBe(0);
    expect(stub.posts).toHaveLength(0);
    clock.advance(60_001);
    expect(await survivor.runUntilIdle()).toBe(3);
    expect(stub.posts.map((p) => p.text).sort()).toEqual(['msg 1', 'msg 2', 'msg 3']);
  });

  it('a worker stopped mid-batch hands the rest back at once', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CS'), message(2, 'CS'), message(3, 'CS')], clock.now());
    let stopNow: (() => Promise<void>) | null = null;
    const slow = createOutboxWorker(ctx, {
      ...options('slow', { pace: { slack: { rate: 1, burst: 1 } } }),
      // The first pacing wait is where this replica "dies".
      sleep: async () => {
        await stopNow?.();
      },
    });
    stopNow = () => slow.stop();
    await slow.drainOnce();
    expect(stub.posts.map((p) => p.text)).toEqual(['msg 1']);
    await createOutboxWorker(ctx, options('next')).runUntilIdle();
    expect(stub.posts.map((p) => p.text)).toEqual(['msg 1', 'msg 2', 'msg 3']);
  });

  it('retries a 429 after its Retry-After and a 500 with backoff, then delivers', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CR'), message(2, 'CR')], clock.now());
    stub.script('chat.postMessage', [{ status: 429, retryAfter: 7 }, { status: 500 }]);
    const worker = createOutboxWorker(ctx, options('w'));
    await worker.runUntilIdle();
    const row = await ctx.db
      .selectFrom('outbox')
      .selectAll()
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(row.last_error).toContain('rate_limited');
    expect(row.next_attempt_at.getTime()).toBeGreaterThanOrEqual(Date.parse(T0) + 7000);
    // The whole channel waits, not just the row that met the 429.
    clock.advance(6000);
    expect(await worker.runUntilIdle()).toBe(0);
    clock.advance(2000);
    await worker.runUntilIdle();
    const after500 = await ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after500.last_error).toContain('HTTP 500');
    expect(after500.status).toBe('pending');
    clock.advance(10 * 60_000);
    await worker.runUntilIdle();
    const done = await ctx.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(done.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(done[0]?.attempts).toBe(3);
    expect(stub.posts.map((p) => p.text)).toEqual(['msg 1', 'msg 2']);
  });

  it('marks a row failed after N attempts, and at once on a permanent error', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(2, 'CGONE1')], clock.now());
    const worker = createOutboxWorker(ctx, options('w', { maxAttempts: 2 }));
    await worker.runUntilIdle();
    await enqueue(ctx.db, [message(1, 'CF')], clock.now());
    stub.script('chat.postMessage', [{ status: 500 }, { status: 502 }, { status: 503 }]);
    for (let i = 0; i < 4; i++) {
      await worker.runUntilIdle();
      clock.advance(10 * 60_000);
    }
    const rows = await ctx.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(rows[0]?.last_error).toContain('channel_not_found');
    expect(rows[0]?.attempts).toBe(1);
    expect(rows[1]?.last_error).toMatch(/HTTP 50\d.*after 2 attempts/);
  });

  it('updates a sent message in place through its stored ref', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    const post = message(1, 'CU');
    const card = { title: 'changed', fallback: 'changed', blocks: [] };
    await enqueue(ctx.db, [post], clock.now());
    await enqueue(
      ctx.db,
      [
        {
          platform: 'slack',
          channelId: 'CU',
          dedupeKey: 'test:1:ack',
          payload: { op: 'update', kind: 'test', of: post.dedupeKey, card },
        },
      ],
      clock.now(),
    );
    await createOutboxWorker(ctx, options('w', { perChannel: 5 })).runUntilIdle();
    expect(stub.updates).toHaveLength(1);
    expect(stub.updates[0]).toMatchObject({
      channel: 'CU',
      ts: stub.posts[0]?.ts,
      text: 'changed',
    });
  });
});
