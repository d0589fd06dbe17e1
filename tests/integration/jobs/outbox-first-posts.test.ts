import { beforeEach, expect, it } from 'vitest';
import { type Card, rich } from '../../../src/cards/model';
import { createSendGate } from '../../../src/delivery/send-gate';
import type { Sender } from '../../../src/delivery/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { enqueue } from '../../../src/store/outbox';
import type { NewMessage } from '../../../src/store/outbox-message';
import { describeEachDatabase, truncateAll } from '../../helpers/database';
import { jobsContext, movableClock } from '../../helpers/jobs-context';

const message = (channel: string, n: number): NewMessage<Card> => {
  const text = `${channel}${n}`;
  return {
    platform: 'slack',
    channelId: channel,
    dedupeKey: text,
    payload: {
      op: 'post',
      kind: 'test',
      card: { title: text, fallback: text, blocks: [{ type: 'text', text: rich(text) }] },
    },
  };
};

/** True once `what` holds; false if it still does not after 15 s (the test then fails). */
async function until(what: () => boolean): Promise<boolean> {
  for (const end = Date.now() + 15_000; Date.now() < end; ) {
    if (what()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return what();
}

describeEachDatabase('outbox first posts', (get) => {
  beforeEach(() => truncateAll(get()));

  it("a channel claimed later gets its first post before earlier channels' next ones", async () => {
    const clock = movableClock('2026-11-23T09:00:00Z');
    const ctx = jobsContext(get().db, clock);
    // The platform answers when the test says: what is in flight and what waits is known.
    const posted: string[] = [];
    const inFlight: (() => void)[] = [];
    let answerAll = false;
    const held: Sender = {
      post: (_channel, card) => {
        posted.push(card.title ?? '');
        if (answerAll) return Promise.resolve({ messageRef: card.title ?? '' });
        return new Promise((resolve) =>
          inFlight.push(() => resolve({ messageRef: card.title ?? '' })),
        );
      },
      update: async () => {},
    };
    const gate = createSendGate(1);
    const worker = createOutboxWorker(ctx, {
      instance: 'w',
      senders: { slack: held },
      pace: { slack: { rate: 1000, burst: 1000 } },
      gate,
      pollMs: 20,
      sendTimeoutMs: 10_000,
    });
    await enqueue(
      ctx.db,
      [1, 2, 3].flatMap((n) => [message('A', n), message('B', n)]),
      clock.now(),
    );
    worker.start();
    try {
      // A's first post in flight, B's first waiting.
      expect(await until(() => inFlight.length === 1 && gate.waiting === 1)).toBe(true);
      inFlight.shift()?.();
      // B's first in flight, A's second waiting.
      expect(await until(() => inFlight.length === 1 && gate.waiting === 1)).toBe(true);
      expect(posted).toEqual(['A1', 'B1']);
      // A channel that only now has something to send.
      await enqueue(ctx.db, [message('C', 1)], clock.now());
      worker.wake();
      expect(await until(() => gate.waiting === 2)).toBe(true);
      answerAll = true;
      inFlight.shift()?.();
      expect(await until(() => posted.length === 7 && gate.busy === 0)).toBe(true);
      // C's first post goes before A's second, though A's asked first. After that, B's and A's
      // later posts interleave as their answers are recorded; each channel stays in order.
      expect(posted.slice(0, 4)).toEqual(['A1', 'B1', 'C1', 'A2']);
      for (const channel of ['A', 'B']) {
        expect(posted.filter((p) => p.startsWith(channel))).toEqual(
          [1, 2, 3].map((n) => `${channel}${n}`),
        );
      }
    } finally {
      answerAll = true;
      for (const answer of inFlight) answer();
      await worker.stop();
    }
  });
});
