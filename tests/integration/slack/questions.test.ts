import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { eventCallback } from '../../../src/chat/local/slack-payloads';
import { BOT_USER_ID } from '../../../src/chat/local/state';
import { describeEachDatabase } from '../../helpers/database';
import { commandBody, postCommand, postEvent } from '../../helpers/slack-signing';
import { ANN, type Harness, NOMAIL, nextTrigger, seedAccounts, startHarness } from './harness';

// Questions said to the bot: signed Events API callbacks to the real Bolt receiver, answers
// read from the Slack emulator (chat.postEphemeral in a channel, chat.postMessage in a DM).
describeEachDatabase('slack questions (app_mention, message.im)', (get) => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    const { globexEast } = await seedAccounts(get().db);
    await get()
      .db.insertInto('health_snapshots')
      .values({
        account_id: globexEast,
        day: '2026-11-23',
        score: 31,
        band: 'red',
        measures: '[]',
        drivers: '[]',
        onboarding: false,
      })
      .execute();
    await get()
      .db.insertInto('accounts')
      .values({
        external_id: 'alibaba-1',
        name: '阿里巴巴',
        segment: 'enterprise',
        arr: 900000,
        owner_email: 'bob@tend.test',
      })
      .execute();
    h = await startHarness(get().db);
  });
  afterAll(() => h.close());
  afterEach(() => {
    expect(h.errors).toEqual([]);
  });

  const text = (v: unknown) => JSON.stringify(v);
  const send = async (event: Record<string, unknown>) => {
    n += 1;
    const ts = `1795000000.${String(n).padStart(6, '0')}`;
    const res = await postEvent(
      h.eventsUrl,
      eventCallback({ ...event, ts, event_ts: ts }, `Ev0Q${n}`, BOT_USER_ID),
    );
    expect(res.status).toBe(200);
    return ts;
  };
  const mention = (words: string, user = ANN.id) =>
    send({ type: 'app_mention', user, channel: 'C0GENERAL', text: `<@${BOT_USER_ID}> ${words}` });
  const dm = (words: string, user = ANN.id) =>
    send({ type: 'message', channel_type: 'im', user, channel: 'D0ANN', text: words });

  it('a mention in a channel is answered to the asker only, saying what it understood', async () => {
    await mention('which accounts are red?');
    const answer = await h.emulator.waitFor(
      'chat.postEphemeral',
      (c) => c.body.user === ANN.id && text(c.body).includes('Understood'),
    );
    expect(answer.body.channel).toBe('C0GENERAL');
    expect(text(answer.body.blocks)).toContain('Globex East');
    expect(text(answer.body.blocks)).not.toContain('Acme Corp');
    expect(text(answer.body.blocks)).toContain('Understood: ');
  });

  it('a DM gets the account card, in the open in the DM', async () => {
    await dm('how is acme doing?');
    const answer = await h.emulator.waitFor(
      'chat.postMessage',
      (c) => c.body.channel === 'D0ANN' && text(c.body).includes('health: acme'),
    );
    expect(text(answer.body.blocks)).toContain('Acme Corp');
  });

  it('Chinese: counts my accounts (mine = the asker by e-mail) and finds 阿里巴巴', async () => {
    // Asked in Chinese, answered in Chinese (the summary of what was understood too), though
    // Ann's Slack says nothing about her language.
    await dm('我的客户有多少个?');
    const count = await h.emulator.waitFor('chat.postMessage', (c) =>
      text(c.body).includes('数量 · 我负责的'),
    );
    expect(text(count.body.blocks)).toContain('理解为：');
    // Ann owns Acme Corp and Globex East; 阿里巴巴 is Bob's.
    expect(text(count.body.blocks)).toContain('2 个客户');
    await dm('阿里巴巴怎么样');
    const card = await h.emulator.waitFor('chat.postMessage', (c) =>
      text(c.body).includes('健康状况：阿里巴巴'),
    );
    expect(text(card.body.blocks)).toContain('US$900,000');
  });

  it('a question it cannot read says so and names the closest command', async () => {
    await dm('tell me a joke about penguins please');
    const answer = await h.emulator.waitFor('chat.postMessage', (c) =>
      text(c.body).includes("didn't understand"),
    );
    expect(text(answer.body.blocks)).toContain('/cs help');
  });

  it('a command word still runs the command ("renewals 90" via a mention)', async () => {
    await mention('renewals 90');
    const answer = await h.emulator.waitFor('chat.postEphemeral', (c) =>
      text(c.body).includes('Renewals in 90 days'),
    );
    expect(text(answer.body.blocks)).toContain('Acme Corp');
  });

  it('"mine" without an e-mail asks who you are instead of guessing', async () => {
    await dm('my red accounts', NOMAIL.id);
    const answer = await h.emulator.waitFor(
      'chat.postMessage',
      (c) => c.body.channel === 'D0ANN' && text(c.body).includes('Who are you'),
    );
    expect(answer).toBeDefined();
  });

  it("ignores the bot's own DMs and edits (no answer loop)", async () => {
    const before = h.emulator.callsTo('chat.postMessage').length;
    await send({
      type: 'message',
      channel_type: 'im',
      channel: 'D0ANN',
      user: BOT_USER_ID,
      bot_id: 'BTENDBOT',
      text: 'Accounts',
    });
    await send({
      type: 'message',
      subtype: 'message_changed',
      channel_type: 'im',
      channel: 'D0ANN',
      message: { text: 'red accounts' },
    });
    // A real question after them: once it is answered, the two before were not.
    await dm('green accounts');
    await h.emulator.waitFor('chat.postMessage', (c) =>
      text(c.body).includes('Understood: *green'),
    );
    expect(h.emulator.callsTo('chat.postMessage').length).toBe(before + 1);
  });

  it('/health 阿里, /health alibaba and /health albb all open 阿里巴巴', async () => {
    for (const text of ['阿里', 'alibaba', 'albb']) {
      const res = await postCommand(
        h.eventsUrl,
        commandBody({
          command: '/health',
          text,
          user_id: ANN.id,
          trigger_id: nextTrigger(),
          response_url: h.emulator.responseUrl(),
        }),
      );
      expect(res.status).toBe(200);
      const body = JSON.stringify(await res.json());
      expect(body, text).toContain('$900,000');
    }
  });
});
