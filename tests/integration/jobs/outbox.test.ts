import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type Card, rich } from '../../../src/cards/model';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { outboxCommand } from '../../../src/cli/outbox';
import { UNKNOWN_SETTLE_MS } from '../../../src/delivery/deliver';
import { createSendGate } from '../../../src/delivery/send-gate';
import type { Sender } from '../../../src/delivery/sender';
import { createOutboxWorker, type WorkerOptions } from '../../../src/delivery/worker';
import { createLogger } from '../../../src/log';
import { enqueue } from '../../../src/store/outbox';
import { claimChannels } from '../../../src/store/outbox-leases';
import type { NewMessage as OutboxMessage } from '../../../src/store/outbox-message';
import { describeEachDatabase, truncateAll } from '../../helpers/database';
import { jobsContext, movableClock } from '../../helpers/jobs-context';
import { type RunningSlackEmulator, startSlackEmulator } from '../../helpers/slack-emulator';

type NewMessage = OutboxMessage<Card>;

const T0 = '2026-11-23T09:00:00Z';
const MIN = 60_000;

function message(i: number, channel = `C${i % 5}`, extra: Partial<NewMessage> = {}): NewMessage {
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
    ...extra,
  };
}

const texts = (stub: RunningSlackEmulator) => stub.posts.map((p) => p.text);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `msg ${from + i}`);

/** True once `what` holds; false if it still does not after 15 s (the test then fails). */
async function until(what: () => boolean): Promise<boolean> {
  for (const end = Date.now() + 15_000; Date.now() < end; ) {
    if (what()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return what();
}

describeEachDatabase('outbox worker', (get) => {
  let stub: RunningSlackEmulator;
  const fast = { slack: { rate: 1000, burst: 1000 } };
  const options = (instance: string, extra: Partial<WorkerOptions> = {}): WorkerOptions => ({
    instance,
    senders: {
      slack: createSlackSender({ token: 'xoxb-test', apiUrl: stub.apiUrl, timeoutMs: 5_000 }),
    },
    pace: fast,
    random: () => 0.5,
    sleep: async () => {},
    // Generous: a loaded CI machine must not turn a slow answer into a retry.
    sendTimeoutMs: 5_000,
    ...extra,
  });
  const rows = () => get().db.selectFrom('outbox').selectAll().orderBy('id').execute();
  /** The channel's sending mark, kept on its lease row. */
  const markOf = (channel: string) =>
    get()
      .db.selectFrom('outbox_channels')
      .select(['sending_id', 'sending_since'])
      .where('platform', '=', 'slack')
      .where('channel_id', '=', channel)
      .executeTakeFirst();

  beforeAll(async () => {
    stub = await startSlackEmulator();
  });
  afterAll(() => stub.close());
  beforeEach(async () => {
    await truncateAll(get());
    stub.reset();
  });

  it('keeps each channel in order across reads of its queue', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(
      ctx.db,
      Array.from({ length: 12 }, (_, i) => message(i, 'CORDER')),
      clock.now(),
    );
    await createOutboxWorker(ctx, options('one', { perChannel: 5 })).runUntilIdle();
    expect(texts(stub)).toEqual(range(0, 11));
  });

  it('an enqueue wakes a running worker through LISTEN/NOTIFY, not at its next poll', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    let listening: () => void = () => {};
    const up = new Promise<void>((resolve) => {
      listening = resolve;
    });
    const worker = createOutboxWorker(ctx, {
      // An hour between polls: only the enqueue's NOTIFY can bring the next message out.
      ...options('w', { pollMs: 3_600_000 }),
      listen: (channel, handlers) =>
        get().listen(channel, {
          ...handlers,
          up() {
            handlers.up();
            listening();
          },
        }),
    });
    await enqueue(ctx.db, [message(1, 'CWAKE')], clock.now());
    worker.start();
    try {
      await up;
      expect(await until(() => stub.posts.length === 1)).toBe(true);
      // The worker has claimed, sent, handed the channel back, and gone to sleep for the hour.
      await new Promise((r) => setTimeout(r, 300));
      await enqueue(ctx.db, [message(2, 'CWAKE')], clock.now());
      expect(await until(() => stub.posts.length === 2)).toBe(true);
      expect(texts(stub)).toEqual(['msg 1', 'msg 2']);
    } finally {
      await worker.stop();
    }
  });

  it('a replica killed holding a lease loses nothing: the lease runs out on the database clock', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CK'), message(2, 'CK'), message(3, 'CJ')], clock.now());
    // The dead replica leases both channels and never sends.
    const held = await claimChannels(ctx.db, {
      owner: 'dead',
      now: clock.now(),
      leaseMs: 300,
      limit: 10,
      platforms: ['slack'],
    });
    expect(held).toHaveLength(2);
    const survivor = createOutboxWorker(ctx, options('alive'));
    // The app clock moving on does not free a lease: only the database's clock does.
    clock.advance(60 * MIN);
    expect(await survivor.runUntilIdle()).toBe(0);
    expect(stub.posts).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 350));
    expect(await survivor.runUntilIdle()).toBe(3);
    expect(texts(stub).sort()).toEqual(['msg 1', 'msg 2', 'msg 3']);
  });

  it('a worker stopped while pacing sends nothing more and hands the channel back at once', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CS'), message(2, 'CS'), message(3, 'CS')], clock.now());
    let stopping: Promise<void> | null = null;
    const slow = createOutboxWorker(ctx, {
      ...options('slow', { pace: { slack: { rate: 1, burst: 1 } } }),
      // The first pacing wait is where this replica is told to stop.
      sleep: async () => {
        stopping ??= slow.stop();
      },
    });
    await slow.drainOnce();
    await stopping;
    expect(texts(stub)).toEqual(['msg 1']);
    const [first, second] = await rows();
    expect(first?.status).toBe('sent');
    expect(second).toMatchObject({ status: 'pending', attempts: 0 });
    await createOutboxWorker(ctx, options('next')).runUntilIdle();
    expect(texts(stub)).toEqual(range(1, 3));
  });

  it('a message enqueued while the head waits for its retry does not jump ahead', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CR'), message(2, 'CR')], clock.now());
    stub.script('chat.postMessage', [{ status: 500 }]);
    const worker = createOutboxWorker(ctx, options('w'));
    await worker.runUntilIdle();
    expect(stub.posts).toHaveLength(0);
    // Enqueued after the failed try, due now: it must still wait behind the head.
    await enqueue(ctx.db, [message(3, 'CR')], clock.now());
    expect(await worker.runUntilIdle()).toBe(0);
    expect(stub.posts).toHaveLength(0);
    clock.advance(10 * MIN);
    await worker.runUntilIdle();
    expect(texts(stub)).toEqual(range(1, 3));
  });

  it('waits out a 429 by its Retry-After, without spending the retry budget', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CL'), message(2, 'CL')], clock.now());
    // Two hours of 429s against a one-hour budget: rate limits are not failures.
    stub.script(
      'chat.postMessage',
      Array.from({ length: 24 }, () => ({ status: 429, retryAfter: 300 })),
    );
    const worker = createOutboxWorker(ctx, options('w', { retryBudgetMs: 60 * MIN }));
    for (let i = 0; i < 24; i++) {
      await worker.runUntilIdle();
      const [head] = await rows();
      expect(head?.status).toBe('pending');
      expect(head?.failing_since).toBeNull();
      // Not before Retry-After has passed.
      clock.advance(299_000);
      expect(await worker.runUntilIdle()).toBe(0);
      clock.advance(1_300);
    }
    await worker.runUntilIdle();
    expect(texts(stub)).toEqual(['msg 1', 'msg 2']);
    expect((await rows()).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('rides out 5xx, a hung call and ten minutes of outage: each message once, in order, none failed', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    const worker = createOutboxWorker(ctx, options('w', { sendTimeoutMs: 1_000 }));
    await enqueue(
      ctx.db,
      Array.from({ length: 6 }, (_, i) => message(i, 'CFAULT')),
      clock.now(),
    );
    stub.script('chat.postMessage', [{ status: 500 }, { status: 503 }, { hang: true }]);
    for (let i = 0; i < 4; i++) {
      await worker.runUntilIdle();
      clock.advance(10 * MIN);
    }
    expect(stub.hung).toBe(1);
    expect(texts(stub).length).toBeGreaterThan(0);
    stub.down = true;
    await enqueue(
      ctx.db,
      Array.from({ length: 6 }, (_, i) => message(i + 6, 'CFAULT')),
      clock.now(),
    );
    for (let t = 0; t < 10; t++) {
      await worker.runUntilIdle();
      clock.advance(MIN);
    }
    const during = texts(stub).length;
    stub.down = false;
    for (let i = 0; i < 5 && texts(stub).length < 12; i++) {
      clock.advance(10 * MIN);
      await worker.runUntilIdle();
    }
    expect(during).toBeLessThan(12);
    expect(texts(stub)).toEqual(range(0, 11));
    expect((await rows()).every((r) => r.status === 'sent')).toBe(true);
  });

  it('gives up after the retry budget, says why, and `tend outbox retry` sends it again in order', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CB'), message(2, 'CB')], clock.now());
    stub.down = true;
    const worker = createOutboxWorker(ctx, options('w', { retryBudgetMs: 30 * MIN }));
    for (let i = 0; i < 12; i++) {
      await worker.runUntilIdle();
      clock.advance(5 * MIN);
    }
    const failed = await rows();
    expect(failed.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(failed[0]?.last_error).toMatch(/gave up after 0\.5 h of failed tries/);
    stub.down = false;
    const out: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: (t: string) => out.push(t),
      interactive: false,
      cwd: '.',
    };
    expect(await outboxCommand.run(['retry', '--failed'], ctx, io)).toBe(0);
    expect(out.join('\n')).toMatch(/requeued 2 messages: #\d+, #\d+/);
    await worker.runUntilIdle();
    expect(texts(stub)).toEqual(['msg 1', 'msg 2']);
    // A message that is not failed cannot be requeued, and says so.
    await expect(outboxCommand.run(['retry', String(failed[0]?.id)], ctx, io)).rejects.toThrow(
      /is not a failed message/,
    );
  });

  it('fails a permanent error and a malformed payload at once, and the channel goes on', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    stub.removeChannel('CGONE1');
    await enqueue(ctx.db, [message(1, 'CGONE1'), message(2, 'CM'), message(3, 'CM')], clock.now());
    await sql`update outbox set payload = '{"op":"post","kind":"test","card":{"title":1}}'::jsonb
      where dedupe_key = 'test:2'`.execute(ctx.db);
    await createOutboxWorker(ctx, options('w')).runUntilIdle();
    const [gone, bad, good] = await rows();
    expect(gone).toMatchObject({ status: 'failed', attempts: 1 });
    expect(gone?.last_error).toContain('channel_not_found');
    expect(bad).toMatchObject({ status: 'failed' });
    expect(bad?.last_error).toMatch(/^permanent: malformed payload/);
    expect(good?.status).toBe('sent');
    expect(texts(stub)).toEqual(['msg 3']);
  });

  it('a failure to record a send never sends it again', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CBK'), message(2, 'CBK')], clock.now());
    // A real database fault: the first two writes marking a message sent are refused.
    // A sequence, not a table: nextval survives the rollback of the refused statement.
    await sql`create sequence fault_seq`.execute(ctx.db);
    await sql`
      create or replace function refuse_sent() returns trigger language plpgsql as $$
      begin
        if new.status = 'sent' and nextval('fault_seq') <= 2 then
          raise exception 'injected: bookkeeping write refused';
        end if;
        return new;
      end $$`.execute(ctx.db);
    await sql`create trigger refuse_sent before update on outbox
      for each row execute function refuse_sent()`.execute(ctx.db);
    try {
      const worker = createOutboxWorker(ctx, options('w'));
      await worker.runUntilIdle();
      await worker.runUntilIdle();
      expect(texts(stub)).toEqual(['msg 1', 'msg 2']);
      expect((await rows()).map((r) => r.status)).toEqual(['sent', 'sent']);
      // The fault really fired: two refused writes, then the one that took.
      const seq = await sql<{ n: string }>`select last_value as n from fault_seq`.execute(ctx.db);
      expect(Number(seq.rows[0]?.n)).toBeGreaterThanOrEqual(3);
    } finally {
      await sql`drop trigger refuse_sent on outbox`.execute(ctx.db);
      await sql`drop function refuse_sent()`.execute(ctx.db);
      await sql`drop sequence fault_seq`.execute(ctx.db);
    }
  });

  it('a post Slack took whose answer was lost is found in the channel, recorded, and not posted again', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CLOST'), message(2, 'CLOST')], clock.now());
    stub.script('chat.postMessage', [{ lostAnswer: true }]);
    const worker = createOutboxWorker(ctx, options('w', { sendTimeoutMs: 300 }));
    await worker.runUntilIdle();
    // Slack has it; the worker only knows its call timed out.
    expect(texts(stub)).toEqual(['msg 1']);
    const [head] = await rows();
    expect(head).toMatchObject({ status: 'pending' });
    // The sending mark stays on the channel's lease row: the next try looks first.
    expect(await markOf('CLOST')).toMatchObject({ sending_id: head?.id });
    expect((await markOf('CLOST'))?.sending_since).toBeInstanceOf(Date);
    clock.advance(10 * MIN);
    await worker.runUntilIdle();
    expect(texts(stub)).toEqual(['msg 1', 'msg 2']);
    const [first, second] = await rows();
    expect(first).toMatchObject({ status: 'sent', sending_since: null });
    expect(JSON.parse(first?.message_ref ?? '{}')).toEqual({
      channel: 'CLOST',
      ts: stub.posts[0]?.ts,
    });
    expect(second?.status).toBe('sent');
    const [look] = stub.callsTo('conversations.history');
    expect(look?.body).toMatchObject({ channel: 'CLOST', include_all_metadata: true });
    // Every post says which outbox row it is.
    expect(stub.callsTo('chat.postMessage')[1]?.body.metadata).toEqual({
      event_type: 'tend_outbox',
      event_payload: { outbox_id: second?.id },
    });
  });

  it('a post found by the look-up leaves no pacer bucket waiting for a post (it would never be swept)', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CFOUND')], clock.now());
    stub.script('chat.postMessage', [{ lostAnswer: true }]);
    const worker = createOutboxWorker(ctx, options('w', { sendTimeoutMs: 300 }));
    await worker.runUntilIdle();
    clock.advance(10 * MIN);
    await worker.runUntilIdle();
    // Found, recorded, not posted again: the pacer's yes was never spent on a post.
    expect(texts(stub)).toEqual(['msg 1']);
    expect((await rows())[0]?.status).toBe('sent');
    expect(worker.pacing()).toEqual({ channels: 1, asked: 0 });
  });

  it('a post whose outcome is unknown is looked for only once it could have landed', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CSETTLE')], clock.now());
    stub.script('chat.postMessage', [{ lostAnswer: true }]);
    const worker = createOutboxWorker(ctx, options('w', { sendTimeoutMs: 300 }));
    await worker.runUntilIdle();
    // Past any backoff of a first failure, but a post in flight may still be on its way: a
    // look now could miss it and post a second copy.
    clock.advance(5_000);
    expect(await worker.runUntilIdle()).toBe(0);
    expect(stub.callsTo('conversations.history')).toHaveLength(0);
    clock.advance(UNKNOWN_SETTLE_MS);
    await worker.runUntilIdle();
    expect(stub.callsTo('conversations.history')).toHaveLength(1);
    expect(texts(stub)).toEqual(['msg 1']);
    expect((await rows())[0]).toMatchObject({ status: 'sent', sending_since: null });
  });

  it('a post Slack took after the call timed out is looked for right before the resend, not before a wait', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CLATEPOST'), message(2, 'CLATEPOST')], clock.now());
    stub.script('chat.postMessage', [{ hang: true }]);
    // One slot, which the test takes: the retry has to wait for it, as on a busy worker.
    const gate = createSendGate(1);
    const worker = createOutboxWorker(ctx, options('w', { sendTimeoutMs: 300, gate }));
    await worker.runUntilIdle();
    expect(stub.posts).toHaveLength(0);
    const [head] = await rows();
    clock.advance(10 * MIN);
    const leave = await gate.enter(0);
    const retry = worker.drainOnce();
    expect(await until(() => gate.waiting === 1)).toBe(true);
    // While the retry waits for the slot, Slack at last takes the post that timed out.
    const ts = stub.seedMessage('CLATEPOST', 'msg 1', {
      metadata: { event_type: 'tend_outbox', event_payload: { outbox_id: head?.id } },
    });
    leave();
    await retry;
    await worker.runUntilIdle();
    // Found by the look made after the wait: recorded, and only msg 2 was posted.
    expect(stub.callsTo('conversations.history')).toHaveLength(1);
    expect(texts(stub)).toEqual(['msg 2']);
    const [first, second] = await rows();
    expect(first?.status).toBe('sent');
    expect(JSON.parse(first?.message_ref ?? '{}')).toEqual({ channel: 'CLATEPOST', ts });
    expect(second?.status).toBe('sent');
  });

  it('a sending mark a replica of the previous version left on the row is still honoured', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'COLDMARK')], clock.now());
    const [head] = await rows();
    // Before T0530 the mark was written on the message's row; such a replica posted and died.
    await sql`update outbox set sending_since = now() where id = ${head?.id}`.execute(ctx.db);
    const ts = stub.seedMessage('COLDMARK', 'msg 1', {
      metadata: { event_type: 'tend_outbox', event_payload: { outbox_id: head?.id } },
    });
    await createOutboxWorker(ctx, options('w')).runUntilIdle();
    expect(stub.callsTo('conversations.history')).toHaveLength(1);
    expect(stub.posts).toHaveLength(0);
    const [sent] = await rows();
    expect(sent).toMatchObject({ status: 'sent', sending_since: null });
    expect(JSON.parse(sent?.message_ref ?? '{}')).toEqual({ channel: 'COLDMARK', ts });
  });

  it('a thread reply Slack took whose answer was lost is found in its thread, not posted again', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    const parent = message(1, 'CTHR');
    const child = message(2, 'CTHR');
    child.payload = {
      op: 'reply',
      kind: 'alert-thread',
      of: parent.dedupeKey,
      card: child.payload.card,
    };
    const worker = createOutboxWorker(ctx, options('w', { sendTimeoutMs: 300 }));
    // The parent goes; then the reply is taken by Slack but its answer is lost.
    await enqueue(ctx.db, [parent], clock.now());
    await worker.runUntilIdle();
    await enqueue(ctx.db, [child], clock.now());
    stub.script('chat.postMessage', [{ lostAnswer: true }]);
    await worker.runUntilIdle();
    expect(stub.posts.map((p) => [p.text, Boolean(p.threadTs)])).toEqual([
      ['msg 1', false],
      ['msg 2', true],
    ]);
    expect((await rows())[1]).toMatchObject({ status: 'pending' });
    clock.advance(10 * MIN);
    await worker.runUntilIdle();
    // Found in the thread (the channel's history holds no replies), recorded, not reposted.
    expect(stub.posts).toHaveLength(2);
    const [, reply] = await rows();
    expect(reply).toMatchObject({ status: 'sent', sending_since: null });
    expect(JSON.parse(reply?.message_ref ?? '{}')).toEqual({
      channel: 'CTHR',
      ts: stub.posts[1]?.ts,
    });
    const [look] = stub.callsTo('conversations.replies');
    expect(look?.body).toMatchObject({
      channel: 'CTHR',
      ts: stub.posts[0]?.ts,
      include_all_metadata: true,
    });
    expect(stub.callsTo('chat.postMessage')[1]?.body.metadata).toEqual({
      event_type: 'tend_outbox',
      event_payload: { outbox_id: reply?.id },
    });
  });

  it("another app's post with the same outbox id is not ours: the message is posted", async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CTWO')], clock.now());
    stub.script('chat.postMessage', [{ hang: true }]);
    const worker = createOutboxWorker(ctx, options('w', { sendTimeoutMs: 300 }));
    await worker.runUntilIdle();
    expect(stub.posts).toHaveLength(0);
    const [head] = await rows();
    // A second Tend in the workspace posted its own row of the same id in this channel.
    stub.seedMessage('CTWO', 'their msg 1', {
      metadata: { event_type: 'tend_outbox', event_payload: { outbox_id: head?.id } },
      from: { botId: 'BOTHERTEND', user: 'UOTHERTEND' },
    });
    clock.advance(10 * MIN);
    await worker.runUntilIdle();
    expect(stub.callsTo('conversations.history')).toHaveLength(1);
    expect(texts(stub)).toEqual(['msg 1']);
    const [sent] = await rows();
    expect(JSON.parse(sent?.message_ref ?? '{}').ts).toBe(stub.posts[0]?.ts);
    // Who we are is asked once and kept.
    await enqueue(ctx.db, [message(2, 'CTWO')], clock.now());
    stub.script('chat.postMessage', [{ lostAnswer: true }]);
    await worker.runUntilIdle();
    clock.advance(10 * MIN);
    await worker.runUntilIdle();
    expect(texts(stub)).toEqual(['msg 1', 'msg 2']);
    expect(stub.callsTo('auth.test')).toHaveLength(1);
  });

  it('a post that never reached the channel is looked for, not found, and posted; a 503 needs no look', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CHUNG'), message(2, 'CHUNG')], clock.now());
    stub.script('chat.postMessage', [{ hang: true }]);
    const worker = createOutboxWorker(ctx, options('w', { sendTimeoutMs: 300 }));
    await worker.runUntilIdle();
    expect(stub.posts).toHaveLength(0);
    clock.advance(10 * MIN);
    await worker.runUntilIdle();
    expect(texts(stub)).toEqual(['msg 1', 'msg 2']);
    expect(stub.callsTo('conversations.history')).toHaveLength(1);
    // Slack answering 503 said it did not post: the retry posts without a look.
    await enqueue(ctx.db, [message(3, 'CHUNG')], clock.now());
    stub.script('chat.postMessage', [{ status: 503 }]);
    await worker.runUntilIdle();
    clock.advance(10 * MIN);
    await worker.runUntilIdle();
    expect(texts(stub)).toEqual(['msg 1', 'msg 2', 'msg 3']);
    expect(stub.callsTo('conversations.history')).toHaveLength(1);
  });

  it('without the history scope a post of unknown outcome is sent again, and the log says so once', async () => {
    const clock = movableClock(T0);
    const lines: string[] = [];
    const ctx = {
      ...jobsContext(get().db, clock),
      log: createLogger('warn', { write: (line: string) => lines.push(line) }),
    };
    stub.scopes = ['chat:write', 'chat:write.public'];
    await enqueue(ctx.db, [message(1, 'CNS1'), message(2, 'CNS2')], clock.now());
    stub.script('chat.postMessage', [{ lostAnswer: true }, { lostAnswer: true }]);
    const worker = createOutboxWorker(ctx, options('w', { sendTimeoutMs: 300 }));
    await worker.runUntilIdle();
    clock.advance(10 * MIN);
    await worker.runUntilIdle();
    expect(stub.callsTo('conversations.history')).toHaveLength(2);
    // The documented cost of a missing scope: the lost answers' posts show twice.
    expect(texts(stub).sort()).toEqual(['msg 1', 'msg 1', 'msg 2', 'msg 2']);
    expect((await rows()).map((r) => r.status)).toEqual(['sent', 'sent']);
    const said = lines.filter((l) => l.includes('cannot look for posts whose outcome is unknown'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('missing_scope');
  });

  it('a failure to mark a post as sending posts nothing and spends no try', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CMK'), message(2, 'CMK')], clock.now());
    await sql`create sequence mark_fault_seq`.execute(ctx.db);
    await sql`
      create or replace function refuse_sending() returns trigger language plpgsql as $$
      begin
        if new.sending_id is not null and new.sending_id is distinct from old.sending_id
          and nextval('mark_fault_seq') <= 1 then
          raise exception 'injected: sending mark refused';
        end if;
        return new;
      end $$`.execute(ctx.db);
    await sql`create trigger refuse_sending before update on outbox_channels
      for each row execute function refuse_sending()`.execute(ctx.db);
    try {
      await createOutboxWorker(ctx, options('w')).runUntilIdle();
      expect(texts(stub)).toEqual(['msg 1', 'msg 2']);
      const done = await rows();
      expect(done.map((r) => [r.status, r.attempts, r.last_error])).toEqual([
        ['sent', 1, null],
        ['sent', 1, null],
      ]);
      expect(stub.callsTo('conversations.history')).toHaveLength(0);
      const seq = await sql<{ n: string }>`select last_value as n from mark_fault_seq`.execute(
        ctx.db,
      );
      expect(Number(seq.rows[0]?.n)).toBeGreaterThanOrEqual(2);
    } finally {
      await sql`drop trigger refuse_sending on outbox_channels`.execute(ctx.db);
      await sql`drop function refuse_sending()`.execute(ctx.db);
      await sql`drop sequence mark_fault_seq`.execute(ctx.db);
    }
  });

  it('a worker whose lease ran out while it waited to post does not post', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CLATE')], clock.now());
    let stolen: Promise<unknown> | null = null;
    const slow = createOutboxWorker(ctx, {
      // Less than one token to start with: the first post waits for its turn.
      ...options('slow', { pace: { slack: { rate: 1, burst: 0.5 } }, leaseMs: 300 }),
      // Waiting for the turn outlasts the lease; another replica takes the channel.
      sleep: async () => {
        await new Promise((r) => setTimeout(r, 500));
        stolen = claimChannels(ctx.db, {
          owner: 'other',
          now: clock.now(),
          leaseMs: 60_000,
          limit: 10,
          platforms: ['slack'],
        });
        await stolen;
      },
    });
    await slow.drainOnce();
    expect(await stolen).toHaveLength(1);
    expect(stub.posts).toHaveLength(0);
    const [head] = await rows();
    expect(head).toMatchObject({ status: 'pending', attempts: 0, sending_since: null });
    expect(await markOf('CLATE')).toMatchObject({ sending_id: null, sending_since: null });
    // The pacer's yes went unspent: the bucket may be swept like any other.
    expect(slow.pacing().asked).toBe(0);
  });

  it('bounds every platform call: a hung sender cannot stall delivery or stop()', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    let calls = 0;
    const hung: Sender = {
      post: () => {
        calls++;
        return calls === 1
          ? new Promise(() => {})
          : Promise.resolve({ messageRef: `ref-${calls}` });
      },
      update: () => new Promise(() => {}),
    };
    await enqueue(
      ctx.db,
      [message(1, 'T1', { platform: 'teams' }), message(2, 'T1', { platform: 'teams' })],
      clock.now(),
    );
    const worker = createOutboxWorker(ctx, {
      ...options('w'),
      senders: { teams: hung },
      sendTimeoutMs: 100,
    });
    await worker.runUntilIdle();
    const [head] = await rows();
    expect(head?.status).toBe('pending');
    expect(head?.last_error).toMatch(/did not answer within 100 ms/);
    clock.advance(10 * MIN);
    await worker.runUntilIdle();
    expect((await rows()).map((r) => r.message_ref)).toEqual(['ref-2', 'ref-3']);
    // A stop while a call hangs returns within the send timeout.
    await enqueue(ctx.db, [message(3, 'T2', { platform: 'teams' })], clock.now());
    calls = 0;
    worker.start();
    await new Promise((r) => setTimeout(r, 20));
    const started = performance.now();
    await worker.stop();
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a snoozed repost waits for its time without holding back the channel', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    const later = new Date(Date.parse(T0) + 7 * 86_400_000);
    await enqueue(ctx.db, [message(1, 'CZ', { notBefore: later })], clock.now());
    await enqueue(ctx.db, [message(2, 'CZ')], clock.now());
    const worker = createOutboxWorker(ctx, options('w'));
    await worker.runUntilIdle();
    expect(texts(stub)).toEqual(['msg 2']);
    clock.set(later);
    await worker.runUntilIdle();
    expect(texts(stub)).toEqual(['msg 2', 'msg 1']);
  });

  it('rewrites a sent message in place, and an update of a message that failed fails at once', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    const post = message(1, 'CU');
    const lost = message(2, 'CGONE2');
    const card = { title: 'changed', fallback: 'changed', blocks: [] };
    const update = (of: NewMessage, key: string, channelId: string): NewMessage => ({
      platform: 'slack',
      channelId,
      dedupeKey: key,
      payload: { op: 'update', kind: 'test', of: of.dedupeKey, card },
    });
    stub.removeChannel('CGONE2');
    await enqueue(ctx.db, [post, lost], clock.now());
    await enqueue(ctx.db, [update(post, 'u1', 'CU'), update(lost, 'u2', 'CGONE2')], clock.now());
    await createOutboxWorker(ctx, options('w', { perChannel: 5 })).runUntilIdle();
    expect(stub.updates).toEqual([
      expect.objectContaining({ channel: 'CU', ts: stub.posts[0]?.ts, text: 'changed' }),
    ]);
    const u2 = (await rows()).find((r) => r.dedupe_key === 'u2');
    expect(u2?.status).toBe('failed');
    expect(u2?.last_error).toMatch(/was never sent/);
  });

  it('deletes sent messages past retention, keeping the posts of open alerts', async () => {
    const clock = movableClock(T0);
    const ctx = jobsContext(get().db, clock);
    await enqueue(ctx.db, [message(1, 'CP'), message(2, 'CP')], clock.now());
    const worker = createOutboxWorker(ctx, options('w'));
    await worker.runUntilIdle();
    clock.advance(29 * 86_400_000);
    expect(await worker.pruneOnce()).toBe(0);
    clock.advance(2 * 86_400_000);
    expect(await worker.pruneOnce()).toBe(2);
    expect(await rows()).toEqual([]);
  });
});
