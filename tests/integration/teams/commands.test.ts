import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import {
  CHANNEL,
  cardOf,
  findAll,
  type Harness,
  inChannel,
  invoke,
  JANE,
  PERSONAL,
  personal,
  startHarness,
  verbsOf,
} from './harness';

describeEachDatabase('Teams commands over /api/messages', (get) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get());
    await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      domain: 'acme.com',
      owner_email: 'jane@acme.com',
      arr: 120000,
      renewal_date: '2027-01-07',
    });
  });
  afterAll(() => h.close());

  it('answers "health acme" in a personal chat with the account card, no Share (no channel there)', async () => {
    const activity = personal('health acme');
    const res = await h.post(activity);
    expect(res.status).toBe(200);
    const reply = h.standIn.calls.at(-1);
    expect(reply).toMatchObject({ kind: 'reply', conversationId: PERSONAL });
    expect(reply?.replyToId).toBe(activity.id);
    const card = cardOf(reply!.body);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(card.body[0]).toMatchObject({ text: 'Acme Corp' });
    const verbs = verbsOf(card);
    expect(verbs).toEqual(['followup.log', 'followup.list']);
    expect(reply?.body.summary).toContain('Acme Corp');
  });

  it('stores the conversation reference on the first message and the user by e-mail', async () => {
    const conv = await get()
      .db.selectFrom('teams_conversations')
      .selectAll()
      .where('conversation_key', '=', PERSONAL)
      .executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ kind: 'personal', user_id: JANE.id, tenant_id: 'tenant-one' });
    expect(conv.reference).toMatchObject({
      serviceUrl: h.standIn.url,
      conversation: { id: PERSONAL },
      bot: { id: '28:tend-bot' },
    });
    const user = await get()
      .db.selectFrom('chat_users')
      .selectAll()
      .where('platform', '=', 'teams')
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({ user_id: JANE.id, email: 'jane@acme.com' });
  });

  it('answers an @mention in a channel privately, with a pointer in the thread', async () => {
    const before = h.standIn.calls.length;
    const res = await h.post(inChannel('health acme'));
    expect(res.status).toBe(200);
    const [create, send, pointer] = h.standIn.calls.slice(before);
    expect(create).toMatchObject({ kind: 'create' });
    expect(create?.body).toMatchObject({
      isGroup: false,
      members: [{ id: JANE.id }],
      tenantId: 'tenant-one',
    });
    expect(send).toMatchObject({ kind: 'send', conversationId: create?.conversationId });
    expect(cardOf(send!.body).body[0]).toMatchObject({ text: 'Acme Corp' });
    expect(pointer).toMatchObject({ kind: 'reply', conversationId: `${CHANNEL};messageid=111` });
    expect(pointer?.body.text).toMatch(/personal chat/);
    const conv = await get()
      .db.selectFrom('teams_conversations')
      .selectAll()
      .where('conversation_key', '=', CHANNEL)
      .executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ kind: 'channel', team_id: '19:team@thread.tacv2' });
    // A later proactive send starts a new post in the channel, not a reply in this thread.
    expect(conv.reference).toMatchObject({ conversation: { id: CHANNEL } });
    // The personal chat it opened is remembered for later direct messages.
    const chat = await get()
      .db.selectFrom('teams_conversations')
      .selectAll()
      .where('conversation_key', '=', create!.conversationId)
      .executeTakeFirstOrThrow();
    expect(chat).toMatchObject({ kind: 'personal', user_id: JANE.id });
  });

  it('shares the private card into the channel it was asked in', async () => {
    const privateCard = cardOf(h.standIn.calls.findLast((c) => c.kind === 'send')!.body);
    const share = findAll(privateCard, 'verb').find((a) => a.verb === 'card.share' && a.data);
    const data = share!.data as { value: string };
    expect(JSON.parse(data.value)).toMatchObject({ teamsChannel: CHANNEL });
    const res = await h.post(invoke('card.share', { value: data.value }));
    const answer = (await res.json()) as { value: unknown };
    expect(JSON.stringify(answer.value)).toContain('Shared in the channel.');
    const posted = h.standIn.calls.at(-1);
    expect(posted).toMatchObject({ kind: 'send', conversationId: CHANNEL });
    expect(JSON.stringify(posted?.body)).toContain('Shared by Jane Doe');
  });

  it('answers in the thread when no personal chat can be opened', async () => {
    h.standIn.failNext(403);
    const before = h.standIn.calls.length;
    await h.post(inChannel('health acme'));
    const [reply] = h.standIn.calls.slice(before);
    expect(reply).toMatchObject({ kind: 'reply', conversationId: `${CHANNEL};messageid=111` });
    expect(cardOf(reply!.body).body[0]).toMatchObject({ text: 'Acme Corp' });
  });

  it('ignores channel messages that do not mention the bot', async () => {
    const before = h.standIn.calls.length;
    expect((await h.post(inChannel('health acme', false))).status).toBe(200);
    expect(h.standIn.calls.length).toBe(before);
  });

  it('records a follow-up once, however often Teams delivers the message', async () => {
    const activity = personal('followup acme send the QBR deck by 2026-12-01');
    await h.post(activity);
    await h.post(activity);
    const rows = await get().db.selectFrom('follow_ups').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      title: 'send the QBR deck',
      due_on: '2026-12-01',
      owner_email: 'jane@acme.com',
      source: 'teams',
    });
    const answers = h.standIn.calls.slice(-2).map((c) => cardOf(c.body).body[0]);
    expect(answers[0]).toMatchObject({ text: 'Follow-up recorded' });
    expect(answers[1]).toMatchObject({ text: 'Already recorded' });
  });

  it('lists my follow-ups with a Done button each, and helps with an unknown command', async () => {
    await h.post(personal('followups'));
    const card = cardOf(h.standIn.calls.at(-1)!.body);
    expect(verbsOf(card)).toContain('followup.done');
    await h.post(personal('frobnicate'));
    const help = JSON.stringify(cardOf(h.standIn.calls.at(-1)!.body));
    expect(help).toContain('frobnicate');
  });

  it('answers help to an empty mention', async () => {
    await h.post(inChannel(''));
    const privately = h.standIn.calls.findLast((c) => c.kind === 'send');
    expect(JSON.stringify(cardOf(privately!.body))).toMatch(/followup/);
  });

  it('refuses a body that is not one activity', async () => {
    const res = await fetch(`${h.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1,2]',
    });
    expect(res.status).toBe(400);
    for (const body of ['{}', '{"type":""}', '{"type":3}', 'null']) {
      const bad = await fetch(`${h.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(bad.status, body).toBe(400);
    }
  });
});
