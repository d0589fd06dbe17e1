import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import {
  CHANNEL,
  cardOf,
  type Harness,
  inChannel,
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

  it('answers "health acme" in a personal chat with the account card as a reply', async () => {
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
    expect(verbs).toEqual(['followup.log', 'card.share', 'followup.list']);
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

  it('answers an @mention in a channel, in its thread, and stores the channel', async () => {
    const before = h.standIn.calls.length;
    const res = await h.post(inChannel('health acme'));
    expect(res.status).toBe(200);
    const reply = h.standIn.calls.at(-1);
    expect(h.standIn.calls.length).toBe(before + 1);
    expect(reply?.conversationId).toBe(`${CHANNEL};messageid=111`);
    expect(cardOf(reply!.body).body[0]).toMatchObject({ text: 'Acme Corp' });
    const conv = await get()
      .db.selectFrom('teams_conversations')
      .selectAll()
      .where('conversation_key', '=', CHANNEL)
      .executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ kind: 'channel', team_id: '19:team@thread.tacv2' });
    // A later proactive send starts a new post in the channel, not a reply in this thread.
    expect(conv.reference).toMatchObject({ conversation: { id: CHANNEL } });
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
    expect(JSON.stringify(cardOf(h.standIn.calls.at(-1)!.body))).toMatch(/followup/);
  });

  it('refuses a body that is not one activity', async () => {
    const res = await fetch(`${h.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1,2]',
    });
    expect(res.status).toBe(400);
  });
});
