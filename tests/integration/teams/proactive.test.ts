import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Card } from '../../../src/cards/model';
import { createTeamsSender } from '../../../src/chat/teams/sender';
import { DeliveryError } from '../../../src/delivery/sender';
import { createOutboxWorker } from '../../../src/delivery/worker';
import { enqueue } from '../../../src/store/outbox';
import { describeEachDatabase } from '../../helpers/database';
import {
  BOT,
  CHANNEL,
  cardOf,
  type Harness,
  inChannel,
  JANE,
  nextId,
  PERSONAL,
  personal,
  startHarness,
  TEAM,
} from './harness';

const alertCard: Card = {
  title: 'Acme Corp turned red',
  fallback: 'Acme Corp: health 31 (red)',
  blocks: [{ type: 'text', text: [{ text: 'Logins fell 42% in 30 days' }] }],
};

describeEachDatabase('Teams install events and proactive sends', (get) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get());
  });
  afterAll(() => h.close());

  const conversation = (key: string) =>
    get()
      .db.selectFrom('teams_conversations')
      .selectAll()
      .where('conversation_key', '=', key)
      .executeTakeFirst();

  it('stores the personal chat on installationUpdate add, and forgets it on remove', async () => {
    const add = personal('', { type: 'installationUpdate', action: 'add', text: undefined });
    expect((await h.post(add)).status).toBe(200);
    expect(await conversation(PERSONAL)).toMatchObject({
      kind: 'personal',
      user_id: JANE.id,
      aad_object_id: JANE.aadObjectId,
      removed_at: null,
    });
    const remove = { ...add, id: nextId(), action: 'remove' };
    await h.post(remove);
    expect((await conversation(PERSONAL))?.removed_at).toBeInstanceOf(Date);
    await h.post({ ...add, id: nextId() });
    expect((await conversation(PERSONAL))?.removed_at).toBeNull();
  });

  it('stores the channel when the bot is added to a team (conversationUpdate)', async () => {
    const added = inChannel('', false, {
      type: 'conversationUpdate',
      text: undefined,
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true },
      membersAdded: [{ id: BOT.id }],
      channelData: {
        tenant: { id: 'tenant-one' },
        team: { id: TEAM },
        channel: { id: CHANNEL },
        eventType: 'teamMemberAdded',
      },
    });
    expect((await h.post(added)).status).toBe(200);
    expect(await conversation(CHANNEL)).toMatchObject({ kind: 'channel', team_id: TEAM });
    // Someone else joining changes nothing.
    const other = { ...added, id: nextId(), membersAdded: [{ id: '29:bob' }] };
    await h.post(other);
    expect(await conversation(CHANNEL)).toMatchObject({ removed_at: null });
  });

  it('posts proactively to a channel (a new post) and to a person, then updates in place', async () => {
    const sender = createTeamsSender(h.ctx);
    const before = h.standIn.calls.length;
    const { messageRef } = await sender.post(CHANNEL, alertCard);
    const sent = h.standIn.calls[before];
    expect(sent).toMatchObject({ kind: 'send', conversationId: CHANNEL });
    expect(cardOf(sent!.body).body[0]).toMatchObject({ text: 'Acme Corp turned red' });
    expect(JSON.parse(messageRef)).toEqual({
      conversationKey: CHANNEL,
      activityId: sent?.activityId,
    });
    // A person is reached through their personal chat, by Teams user id or AAD object id.
    await sender.post(JANE.id, alertCard);
    await sender.post(JANE.aadObjectId, alertCard);
    expect(h.standIn.calls.slice(-2).map((c) => c.conversationId)).toEqual([PERSONAL, PERSONAL]);
    const acked: Card = { ...alertCard, blocks: [{ type: 'status', text: [{ text: 'Ack' }] }] };
    await sender.update(messageRef, acked);
    expect(h.standIn.calls.at(-1)).toMatchObject({
      kind: 'update',
      conversationId: CHANNEL,
      activityId: sent?.activityId,
    });
  });

  it('fails for good where the app is not installed, and sorts Teams errors for the outbox', async () => {
    const sender = createTeamsSender(h.ctx);
    const unknown = await sender.post('19:nowhere@thread.tacv2', alertCard).catch((e) => e);
    expect(unknown).toBeInstanceOf(DeliveryError);
    expect(unknown.kind).toBe('permanent');
    h.standIn.failNext(403);
    const removed = await sender.post(CHANNEL, alertCard).catch((e) => e);
    expect(removed).toMatchObject({ kind: 'permanent' });
    h.standIn.failNext(429, { 'retry-after': '2' });
    const limited = await sender.post(CHANNEL, alertCard).catch((e) => e);
    expect(limited).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000 });
    h.standIn.failNext(502);
    const down = await sender.post(CHANNEL, alertCard).catch((e) => e);
    expect(down).toMatchObject({ kind: 'transient' });
  });

  it('delivers outbox rows through the Teams sender, retrying a 429', async () => {
    const sender = createTeamsSender(h.ctx);
    await enqueue(
      h.ctx.db,
      [
        {
          platform: 'teams',
          channelId: CHANNEL,
          dedupeKey: 'teams-test:1',
          payload: { op: 'post', kind: 'alert', card: alertCard },
        },
      ],
      h.ctx.clock.now(),
    );
    h.standIn.failNext(429, { 'retry-after': '0' });
    const worker = createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { teams: sender },
      sleep: async () => {},
      random: () => 0,
    });
    await worker.drainOnce();
    const retried = await get().db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(retried).toMatchObject({ status: 'pending' });
    expect(retried.last_error).toMatch(/rate_limited/);
    // The retry is due at once (Retry-After 0); the clock is fixed, so move the row instead.
    await get()
      .db.updateTable('outbox')
      .set({ next_attempt_at: new Date(0) })
      .execute();
    await worker.runUntilIdle();
    const sent = await get().db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: 'sent' });
    expect(JSON.parse(sent.message_ref ?? '{}')).toMatchObject({ conversationKey: CHANNEL });
  });
});
