import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { commandBody, postCommand } from '../../helpers/slack-signing';
import { ANN, type Harness, NOMAIL, nextTrigger, seedAccounts, startHarness } from './harness';

interface SlackResponse {
  response_type: string;
  text: string;
  blocks: { type: string; text?: { text: string }; elements?: { action_id: string }[] }[];
}

describeEachDatabase('slack slash commands', (get) => {
  let h: Harness;
  beforeAll(async () => {
    await seedAccounts(get().db);
    h = await startHarness(get().db);
  });
  afterAll(() => h.close());

  async function run(
    command: string,
    text: string,
    options: { user?: string; trigger?: string; retry?: number } = {},
  ): Promise<SlackResponse> {
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command,
        text,
        user_id: options.user ?? ANN.id,
        trigger_id: options.trigger ?? nextTrigger(),
        response_url: h.emulator.responseUrl(),
      }),
      options.retry
        ? {
            headers: {
              'x-slack-retry-num': String(options.retry),
              'x-slack-retry-reason': 'http_timeout',
            },
          }
        : {},
    );
    expect(res.status).toBe(200);
    return (await res.json()) as SlackResponse;
  }
  const all = (r: SlackResponse) => JSON.stringify(r);

  it('answers /health <account> privately with the card and its buttons', async () => {
    const r = await run('/health', 'acme');
    expect(r.response_type).toBe('ephemeral');
    expect(r.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Acme Corp' } });
    const actions = r.blocks.flatMap((b) => b.elements ?? []).map((e) => e.action_id);
    expect(actions).toEqual(
      expect.arrayContaining(['card.share', 'followup.log', 'followup.list']),
    );
  });

  it('offers buttons to pick when several accounts match', async () => {
    const r = await run('/health', 'globex');
    expect(all(r)).toContain('Globex East');
    expect(all(r)).toContain('Globex West');
    expect(all(r)).toContain('account.pick');
  });

  it('says "did you mean" for an unknown account', async () => {
    const r = await run('/health', 'Acne Crop');
    expect(all(r)).toContain('No account matches');
    expect(all(r)).toContain('Did you mean Acme Corp');
  });

  it('shows my portfolio for /health alone, riskiest first', async () => {
    const r = await run('/health', '');
    expect(r.blocks[0]).toMatchObject({ text: { text: 'Your portfolio' } });
    const text = all(r);
    expect(text.indexOf('Acme Corp')).toBeLessThan(text.indexOf('Globex East'));
    expect(text).not.toContain('Globex West');
  });

  it('records /followup once when Slack delivers the same command twice', async () => {
    const trigger = nextTrigger();
    const first = await run('/followup', 'acme send the QBR deck by friday', { trigger });
    const again = await run('/followup', 'acme send the QBR deck by friday', { trigger, retry: 1 });
    expect(first.text).toContain('Follow-up recorded');
    expect(again.text).toContain('Already recorded');
    const rows = await get()
      .db.selectFrom('follow_ups')
      .selectAll()
      .where('title', '=', 'send the QBR deck')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      due_on: '2026-11-27',
      owner_email: ANN.email,
      source: 'slack',
      status: 'open',
    });
  });

  it('reads command text as typed: Slack sends & < > escaped, and the card escapes them again', async () => {
    // What Slack sends for "/followup acme ask <CFO> & CTO about Q&A by friday".
    const r = await run('/followup', 'acme ask &lt;CFO&gt; &amp; CTO about Q&amp;A by friday');
    expect(r.text).toContain('Follow-up recorded');
    const row = await get()
      .db.selectFrom('follow_ups')
      .select(['title'])
      .where('title', 'like', 'ask %')
      .executeTakeFirstOrThrow();
    expect(row.title).toBe('ask <CFO> & CTO about Q&A');
    const shown = JSON.stringify(r.blocks);
    expect(shown).toContain('ask &lt;CFO&gt; &amp; CTO about Q&amp;A');
    expect(shown).not.toContain('&amp;lt;');
  });

  it('records nothing for an unknown account and says why', async () => {
    const r = await run('/followup', 'zzyzx call them tomorrow');
    expect(all(r)).toContain('Nothing recorded');
    expect(all(r)).toContain('No account matches');
    const n = await get()
      .db.selectFrom('follow_ups')
      .select('id')
      .where('title', 'like', '%call them%')
      .execute();
    expect(n).toHaveLength(0);
  });

  it('refuses a due date in the past, and says why', async () => {
    for (const [text, day] of [
      ['acme: renew the contract by 2026-11-20', '20 Nov'],
      ['acme renew the contract by yesterday', '22 Nov'],
      ['acme renew the contract 2019-01-01', '1 Jan 2019'],
    ] as const) {
      const r = all(await run('/followup', text));
      expect(r).toContain(`The due date ${day}`);
      expect(r).toContain('is in the past');
      expect(r).toContain('Nothing recorded');
    }
    const n = await get()
      .db.selectFrom('follow_ups')
      .select('id')
      .where('title', 'like', '%renew the contract%')
      .execute();
    expect(n).toHaveLength(0);
  });

  it('lists my follow-ups, overdue first (with the year when not this year), each with Done', async () => {
    // Follow-ups become overdue as days pass (a past date cannot be entered).
    const acme = await get()
      .db.selectFrom('accounts')
      .select('id')
      .where('name', '=', 'Acme Corp')
      .executeTakeFirstOrThrow();
    await get()
      .db.insertInto('follow_ups')
      .values([
        {
          account_id: acme.id,
          title: 'renew the contract',
          owner_email: ANN.email,
          due_on: '2026-11-20',
          created_by: ANN.email,
        },
        {
          account_id: acme.id,
          title: 'old promise',
          owner_email: ANN.email,
          due_on: '2025-12-30',
          created_by: ANN.email,
        },
      ])
      .execute();
    const r = await run('/followups', '');
    const text = all(r);
    expect(text.indexOf('renew the contract')).toBeLessThan(text.indexOf('send the QBR deck'));
    expect(text).toContain('overdue 3d (due 20 Nov)');
    expect(text).toContain('overdue 328d (due 30 Dec 2025)');
    expect(text).toContain('followup.done');
  });

  it('tells a user without an e-mail why "mine" cannot work, and still answers /health', async () => {
    const mine = await run('/followups', '', { user: NOMAIL.id });
    expect(all(mine)).toContain('no e-mail address');
    const card = await run('/health', 'acme', { user: NOMAIL.id });
    expect(card.blocks[0]).toMatchObject({ text: { text: 'Acme Corp' } });
    const cached = await get()
      .db.selectFrom('chat_users')
      .selectAll()
      .where('user_id', '=', NOMAIL.id)
      .executeTakeFirst();
    expect(cached).toMatchObject({ platform: 'slack', email: null });
  });

  it('caches the Slack profile: users.info once per user, /health from the cache', async () => {
    // A person Tend never saw: one users.info (their language decides the answer's words).
    h.emulator.addUser({ id: 'U0X', name: 'Xu', email: 'xu@tend.test' });
    const stranger = () => h.emulator.callsTo('users.info').filter((c) => c.body.user === 'U0X');
    await run('/health', 'acme', { user: 'U0X' });
    await run('/health', 'acme', { user: 'U0X' });
    expect(stranger()).toHaveLength(1);
    const before = h.emulator.callsTo('users.info').length;
    await run('/health', 'acme');
    expect(h.emulator.callsTo('users.info')).toHaveLength(before);
    await run('/followups', '');
    await run('/followups', '');
    const calls = h.emulator.callsTo('users.info').filter((c) => c.body.user === ANN.id);
    expect(calls).toHaveLength(1);
  });

  it('answers /renewals, /risk and /cs', async () => {
    expect(all(await run('/renewals', '60'))).toContain('Acme Corp');
    expect(all(await run('/renewals', 'soon'))).toContain('not a number of days');
    expect(all(await run('/risk', ''))).toContain('Accounts at risk');
    expect(all(await run('/cs', 'help'))).toContain('/followup acme send QBR deck by friday');
    expect(all(await run('/cs', 'subscribe digest'))).toContain('This channel is subscribed');
  });

  it('answers a command it does not know, like Teams, with the list (no silent timeout)', async () => {
    const r = await run('/healthz', 'acme');
    expect(r.response_type).toBe('ephemeral');
    expect(all(r)).toContain('I don\'t know the command \\"healthz\\"');
    expect(all(r)).toContain('/followup acme send QBR deck by friday');
    // Tend's own commands still get only their own answer.
    expect(all(await run('/risk', ''))).not.toContain("I don't know");
  });
});
