import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import {
  cardOf,
  findAll,
  type Harness,
  inChannel,
  invoke,
  nextId,
  PERSONAL,
  personal,
  startHarness,
  verbsOf,
} from './harness';

interface InvokeAnswer {
  statusCode: number;
  type: string;
  value: { body: Record<string, unknown>[] } | string;
}

describeEachDatabase('Teams card actions', (get) => {
  let h: Harness;
  let acme: number;
  let followUpId: number;
  beforeAll(async () => {
    h = await startHarness(get());
    acme = await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'jane@acme.com',
    });
    await h.post(personal('followup acme call the CFO by 2026-12-01'));
    followUpId = (await get().db.selectFrom('follow_ups').select('id').executeTakeFirstOrThrow())
      .id;
  });
  afterAll(() => h.close());

  const click = async (activity: Record<string, unknown>) => {
    const res = await h.post(activity);
    expect(res.status).toBe(200);
    return (await res.json()) as InvokeAnswer;
  };
  const cardValue = (a: InvokeAnswer) => {
    expect(a).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    return a.value as { body: Record<string, unknown>[] };
  };

  it('Done answers the invoke with the refreshed card and records who closed it', async () => {
    const done = invoke('followup.done', { value: JSON.stringify({ followUpId }) });
    const card = cardValue(await click(done));
    expect(JSON.stringify(card)).toContain('✅ Done: call the CFO');
    const row = await get()
      .db.selectFrom('follow_ups')
      .selectAll()
      .where('id', '=', followUpId)
      .executeTakeFirstOrThrow();
    expect(row.done_by).toBe('jane@acme.com');
    expect(row.done_at).not.toBeNull();
  });

  it('a repeated invoke (same activity id) gets the same answer and changes nothing', async () => {
    const done = invoke('followup.done', { value: JSON.stringify({ followUpId }) });
    const first = await click(done);
    const before = await get().db.selectFrom('follow_ups').selectAll().execute();
    const again = await click(done);
    expect(again).toEqual(first);
    expect(await get().db.selectFrom('follow_ups').selectAll().execute()).toEqual(before);
    // A new click on the closed follow-up says so instead of closing it again.
    expect(JSON.stringify(cardValue(first))).toContain('Already done by jane@acme.com');
  });

  it('Pick posts the account card below and keeps the list; in a personal chat without Share', async () => {
    const before = h.standIn.calls.length;
    const answer = await click(
      invoke('account.pick', { value: JSON.stringify({ accountId: acme }) }),
    );
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(h.standIn.calls.length).toBe(before + 1);
    const card = cardOf(h.standIn.calls.at(-1)!.body);
    expect(card.body[0]).toMatchObject({ text: 'Acme Corp' });
    expect(verbsOf(card)).toEqual(['followup.log', 'followup.list']);
    const { conversation, channelData } = inChannel('');
    await click(
      invoke(
        'account.pick',
        { value: JSON.stringify({ accountId: acme }) },
        { conversation, channelData },
      ),
    );
    const inTeam = cardOf(h.standIn.calls.at(-1)!.body);
    expect(verbsOf(inTeam)).toEqual(['followup.log', 'card.share', 'followup.list']);
  });

  it('Log follow-up shows a form; its Save records once per form, however often sent', async () => {
    const value = JSON.stringify({ accountId: acme });
    const form = cardValue(await click(invoke('followup.log', { value })));
    expect(findAll(form, 'id').map((i) => i.id)).toEqual(['title', 'due']);
    const save = findAll(form, 'verb').find((a) => a.type === 'Action.Execute');
    const data = save?.data as Record<string, unknown>;
    expect(data).toMatchObject({ verb: 'followup.log' });
    // The form's value carries the account and the form id (the request key).
    expect(JSON.parse(String(data.value))).toMatchObject({
      accountId: acme,
      form: expect.any(String),
    });
    const submit = { ...data, title: 'send renewal quote', due: '2026-12-04' };
    const saved = cardValue(await click(invoke('followup.log', submit)));
    expect(saved.body[0]).toMatchObject({ text: 'Follow-up recorded' });
    const twice = cardValue(await click(invoke('followup.log', submit)));
    expect(twice.body[0]).toMatchObject({ text: 'Already recorded' });
    const rows = await get()
      .db.selectFrom('follow_ups')
      .selectAll()
      .where('title', '=', 'send renewal quote')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ due_on: '2026-12-04', source: 'teams' });
  });

  it('refuses a bad due date from the form without recording', async () => {
    const value = JSON.stringify({ accountId: acme, form: '0b0c5e36-6a8e-4c55-9d8c-0f1e5d7b9a11' });
    const form = { value, title: 'x', due: 'soon' };
    const answer = await click(invoke('followup.log', form));
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    const rows = await get().db.selectFrom('follow_ups').selectAll().where('title', '=', 'x');
    expect(await rows.execute()).toHaveLength(0);
  });

  it('Follow-ups posts the account list below and leaves the card', async () => {
    const before = h.standIn.calls.length;
    const answer = await click(
      invoke('followup.list', { value: JSON.stringify({ accountId: acme }) }),
    );
    expect(answer.type).toBe('application/vnd.microsoft.activity.message');
    expect(h.standIn.calls.length).toBe(before + 1);
    const posted = cardOf(h.standIn.calls.at(-1)!.body);
    expect(posted.body[0]).toMatchObject({ text: 'Follow-ups: Acme Corp' });
  });

  it('Share in a channel rewrites the card as shared; in a personal chat it explains', async () => {
    const value = JSON.stringify({ accountId: acme });
    const inPersonal = await click(invoke('card.share', { value }));
    expect(inPersonal.type).toBe('application/vnd.microsoft.activity.message');
    const { conversation, channelData } = inChannel('');
    const shared = invoke('card.share', { value }, { conversation, channelData });
    const card = cardValue(await click(shared));
    expect(JSON.stringify(card)).toContain('Shared by Jane Doe · as of ');
    expect(verbsOf(card)).not.toContain('card.share');
    expect(verbsOf(card)).toContain('card.refresh');
    const refreshed = cardValue(
      await click(invoke('card.refresh', { value }, { conversation, channelData })),
    );
    expect(JSON.stringify(refreshed)).toContain('Refreshed by Jane Doe · as of ');
    expect(verbsOf(refreshed)).toContain('card.refresh');
  });

  it('answers an unknown or malformed button with a message, not an error', async () => {
    const unknown = await click(invoke('alert.nope', { value: '{}' }));
    expect(unknown.type).toBe('application/vnd.microsoft.activity.message');
    const bad = await click(invoke('account.pick', { value: 'not json' }));
    expect(bad.type).toBe('application/vnd.microsoft.activity.message');
  });

  it('handles Action.Submit (a message with value) the same, updating the clicked card', async () => {
    const submit = personal('', {
      id: nextId(),
      text: undefined,
      value: { verb: 'followup.log', value: JSON.stringify({ accountId: acme }) },
      replyToId: 'activity-7',
    });
    expect((await h.post(submit)).status).toBe(200);
    const update = h.standIn.calls.at(-1);
    expect(update).toMatchObject({
      kind: 'update',
      conversationId: PERSONAL,
      activityId: 'activity-7',
    });
    expect(JSON.stringify(cardOf(update!.body))).toContain('Acme Corp');
  });
});
