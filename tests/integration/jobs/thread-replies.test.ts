import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Card } from '../../../src/cards/model';
import { threadReplyCard } from '../../../src/cards/thread-card';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { enqueue } from '../../../src/store/outbox';
import type { NewMessage } from '../../../src/store/outbox-message';
import { describeEachDatabase } from '../../helpers/database';
import { jobsContext, movableClock } from '../../helpers/jobs-context';
import { type RunningSlackEmulator, startSlackEmulator } from '../../helpers/slack-emulator';

// A thread reply names its parent by the parent's dedupe key; the parent's ts exists only once
// it was sent, so the worker resolves it at send time, and a reply never goes before it.

describeEachDatabase('thread replies through the outbox', (get) => {
  let stub: RunningSlackEmulator;
  beforeAll(async () => {
    stub = await startSlackEmulator();
  });
  afterAll(() => stub.close());
  beforeEach(() => stub.reset());

  const card = { title: 'Acme', fallback: 'Acme', blocks: [] };
  const post = (key: string, channel = 'CACME'): NewMessage<Card> => ({
    platform: 'slack',
    channelId: channel,
    dedupeKey: key,
    payload: { op: 'post', kind: 'alert', card },
  });
  const reply = (key: string, of: string, channel = 'CACME'): NewMessage<Card> => ({
    platform: 'slack',
    channelId: channel,
    dedupeKey: key,
    payload: { op: 'reply', kind: 'alert-thread', of, card: threadReplyCard(['Acknowledged']) },
  });

  it('waits while the parent is not sent (a 503), then replies under its ts', async () => {
    const clock = movableClock('2026-11-23T10:00:00Z');
    const ctx = jobsContext(get().db, clock);
    const worker = createOutboxWorker(ctx, {
      instance: 't',
      senders: { slack: createSlackSender({ token: 'xoxb-test', apiUrl: stub.apiUrl }) },
      pace: { slack: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
      random: () => 0,
    });
    await enqueue(ctx.db, [post('p1'), reply('r1', 'p1')], clock.now());
    stub.script('chat.postMessage', [{ status: 503 }]);
    await worker.runUntilIdle();
    const rows = async () =>
      get().db.selectFrom('outbox').select(['dedupe_key', 'status']).orderBy('id').execute();
    expect(await rows()).toEqual([
      { dedupe_key: 'p1', status: 'pending' },
      { dedupe_key: 'r1', status: 'pending' },
    ]);
    clock.advance(60_000);
    await worker.runUntilIdle();
    const parent = stub.posts.find((p) => !p.threadTs);
    const child = stub.posts.find((p) => p.threadTs);
    expect(child?.threadTs).toBe(parent?.ts);
    expect(parent!.at).toBeLessThan(child!.at);
  });

  it('fails a reply whose parent never went (its channel is gone)', async () => {
    const clock = movableClock('2026-11-23T10:00:00Z');
    const ctx = jobsContext(get().db, clock);
    const worker = createOutboxWorker(ctx, {
      instance: 't',
      senders: { slack: createSlackSender({ token: 'xoxb-test', apiUrl: stub.apiUrl }) },
      pace: { slack: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
    });
    stub.removeChannel('CNOPE');
    await enqueue(ctx.db, [post('gone', 'CNOPE'), reply('r-gone', 'gone', 'CNOPE')], clock.now());
    await worker.runUntilIdle();
    const rows = await get()
      .db.selectFrom('outbox')
      .select(['dedupe_key', 'status', 'last_error'])
      .where('channel_id', '=', 'CNOPE')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(rows[0]?.last_error).toContain('channel_not_found');
    expect(rows[1]?.last_error).toContain('was never sent');
  });
});
