import { describe, expect, it } from 'vitest';
import type { Card } from '../../../src/cards/model';
import { systemClock } from '../../../src/clock';
import type { DB } from '../../../src/db/schema';
import { guardExternalChannels } from '../../../src/delivery/external-guard';
import type { PostTag, Sender } from '../../../src/delivery/sender';
import { createLogger } from '../../../src/log';

// The guard wraps the platform senders the worker uses. It must hand on everything the worker
// relies on for exactly-once delivery: the outbox id on a post (Slack carries it in the
// message's metadata) and the look-up of a post whose outcome is unknown.
describe('the external-channel guard', () => {
  it('passes the outbox tag and the post look-up through to the platform sender', async () => {
    const seen: { channel: string; tag: PostTag | undefined }[] = [];
    const looked: number[] = [];
    const slack: Sender = {
      async post(channel, _card, tag) {
        seen.push({ channel, tag });
        return { messageRef: 'D1:1.000' };
      },
      async update() {},
      async findPost(_channel, tag) {
        looked.push(tag.outboxId);
        return { messageRef: 'D1:0.500' };
      },
      async reply(_parent, _card, tag) {
        seen.push({ channel: 'thread', tag });
        return { messageRef: 'D1:2.000' };
      },
      async findReply(_parent, tag) {
        looked.push(tag.outboxId);
        return null;
      },
    };
    // A direct message (a user id) is never a shared channel, so no database is asked.
    const deps = { db: {} as DB, clock: systemClock, log: createLogger('silent') };
    const guarded = guardExternalChannels(deps, { slack }).slack!;
    const card: Card = { title: 'x', blocks: [] } as unknown as Card;
    await guarded.post('U0JANE', card, { outboxId: 42 });
    expect(seen).toEqual([{ channel: 'U0JANE', tag: { outboxId: 42 } }]);
    expect(guarded.findPost).toBeDefined();
    expect(await guarded.findPost!('U0JANE', { outboxId: 42 }, new Date())).toEqual({
      messageRef: 'D1:0.500',
    });
    expect(looked).toEqual([42]);
    // A thread reply carries its tag, and its look-up (in the thread) is handed on too.
    await guarded.reply!('D1:1.000', card, { outboxId: 43 });
    expect(seen[1]).toEqual({ channel: 'thread', tag: { outboxId: 43 } });
    expect(await guarded.findReply!('D1:1.000', { outboxId: 43 }, new Date())).toBeNull();
    expect(looked).toEqual([42, 43]);
  });
});
