import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { CHANNEL, cardOf, type Harness, inChannel, startHarness } from './harness';

describeEachDatabase('a private Teams answer stays private', (get) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get());
    await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'jane@acme.com',
    });
    // Remembering a personal chat now fails for real, in the database: a constraint (checked
    // on new rows only) that refuses exactly that write, and nothing else.
    await sql`alter table teams_conversations
      add constraint refuse_personal check (kind <> 'personal') not valid`.execute(get().db);
  });
  afterAll(async () => {
    await sql`alter table teams_conversations drop constraint refuse_personal`.execute(get().db);
    await h.close();
  });

  it('when remembering the personal chat fails after the DM was sent, nothing goes to the channel but the pointer', async () => {
    const before = h.standIn.calls.length;
    expect((await h.post(inChannel('health acme'))).status).toBe(200);
    const calls = h.standIn.calls.slice(before);
    expect(calls.map((c) => c.kind)).toEqual(['create', 'send', 'reply']);
    expect(cardOf(calls[1]!.body).body[0]).toMatchObject({ text: 'Acme Corp' });
    const thread = calls[2]!;
    expect(thread).toMatchObject({ conversationId: `${CHANNEL};messageid=111` });
    expect(thread.body.text).toMatch(/personal chat/);
    expect(JSON.stringify(thread.body)).not.toContain('adaptive');
    // The write really failed: the personal chat is not stored.
    const personal = await get()
      .db.selectFrom('teams_conversations')
      .select('kind')
      .where('kind', '=', 'personal')
      .execute();
    expect(personal).toEqual([]);
  });
});
