import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventCallback, interactionJson, viewJson } from '../../../src/chat/local/slack-payloads';
import { LOG_TO_ACCOUNT } from '../../../src/chat/slack/shortcuts/log-to-account';
import { fixedClock } from '../../../src/clock';
import { describeEachDatabase } from '../../helpers/database';
import { commandBody, postCommand, postEvent, postInteraction } from '../../helpers/slack-signing';
import { ANN, type Harness, NOW, nextTrigger, seedAccounts, startHarness } from './harness';

const text = (v: unknown) => JSON.stringify(v);

// The account timeline in Slack: /touch, /timeline, a note with no alert to go to, the
// "Log to account" message shortcut (signed requests to the real Bolt receiver, the modal
// and chat.getPermalink answered by our emulator), and check-ins due on App Home.
describeEachDatabase('slack: account timeline and touch cadence', (get) => {
  let h: Harness;
  let acme: number;
  beforeAll(async () => {
    ({ acme } = await seedAccounts(get().db));
    // Platinum: a check-in every 14 days; Tend has known the account for 20 days.
    await sql`update accounts set tier = 'Platinum', created_at = '2026-11-03T10:00:00Z'
      where id = ${acme}`.execute(get().db);
    h = await startHarness(get().db);
  });
  afterAll(() => h.close());

  async function run(command: string, words: string, trigger = nextTrigger()) {
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command,
        text: words,
        user_id: ANN.id,
        trigger_id: trigger,
        response_url: h.emulator.responseUrl(),
      }),
    );
    expect(res.status).toBe(200);
    return text(await res.json());
  }

  async function openHome(eventId: string) {
    const before = h.emulator.callsTo('views.publish').length;
    const res = await postEvent(
      h.eventsUrl,
      eventCallback(
        { type: 'app_home_opened', user: ANN.id, channel: 'D0ANN', tab: 'home', event_ts: '1.1' },
        eventId,
        'UTENDBOT',
      ),
    );
    expect(res.status).toBe(200);
    await h.emulator.waitFor('views.publish', () => {
      return h.emulator.callsTo('views.publish').length > before;
    });
    return text(h.emulator.callsTo('views.publish').at(-1)!.body.view);
  }

  it('App Home lists the platinum account past its 14-day cadence as a check-in due', async () => {
    const home = await openHome('Ev0TL1');
    expect(home).toContain('Check-ins due (1)');
    expect(home).toMatch(/Acme Corp.*Platinum, every 14 days/);
    expect(home).toContain('no touch logged yet');
  });

  it('/touch logs a call once (a retried command is one touch) and resets the cadence', async () => {
    const trigger = nextTrigger();
    const first = await run('/touch', 'acme call with the CFO about the renewal', trigger);
    expect(first).toContain('Logged on Acme Corp');
    expect(first).toContain('Call:');
    const again = await run('/touch', 'acme call with the CFO about the renewal', trigger);
    expect(again).toContain('Already logged on Acme Corp');
    const rows = await get()
      .db.selectFrom('touchpoints')
      .selectAll()
      .where('account_id', '=', acme)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'call', platform: 'slack', logged_by: ANN.name });
    expect(await openHome('Ev0TL2')).toContain('Check-ins due (0)');
  });

  it('a touch kind comes from the first word; anything else is "other"', async () => {
    expect(await run('/touch', '"Acme Corp" e-mail sent the QBR deck')).toContain('E-mail:');
    expect(await run('/touch', 'acme: lunch with the champion')).toContain('Meeting:');
    expect(await run('/touch', 'acme bumped into their VP at a conference')).toContain('Touch:');
  });

  it('/note on an account with no open alert goes to its timeline (not a touch)', async () => {
    const answer = await run('/note', 'acme champion is leaving in January');
    expect(answer).toContain('has no open alert');
    expect(answer).toContain('on its timeline');
  });

  it('Log to account: the shortcut opens the modal, Save puts the message, author and permalink on the timeline', async () => {
    h.emulator.state.add({
      channel: 'C0GENERAL',
      ts: '1795424400.000200',
      user: ANN.id,
      text: 'Acme says the budget freeze ends in Q1',
      blocks: [],
    });
    const trigger = nextTrigger();
    const shortcut = interactionJson(ANN, trigger, {
      type: 'message_action',
      callback_id: LOG_TO_ACCOUNT,
      action_ts: '1795424500.000300',
      message_ts: '1795424400.000200',
      response_url: h.emulator.responseUrl(),
      channel: { id: 'C0GENERAL', name: 'general' },
      message: {
        type: 'message',
        user: ANN.id,
        ts: '1795424400.000200',
        text: 'Acme says the budget freeze ends in Q1',
      },
    });
    expect((await postInteraction(h.eventsUrl, shortcut)).status).toBe(200);
    const open = await h.emulator.waitFor('views.open', (c) => c.body.trigger_id === trigger);
    const view = open.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('timeline.log');
    expect(text(view)).toContain('Acme says the budget freeze ends in Q1');
    expect(JSON.parse(view.private_metadata)).toEqual({
      channelId: 'C0GENERAL',
      ts: '1795424400.000200',
      authorId: ANN.id,
    });
    const opened = h.emulator.state.modalStack(ANN.id).at(-1)!;
    const submit = (account: string) =>
      postInteraction(
        h.eventsUrl,
        interactionJson(ANN, null, {
          type: 'view_submission',
          view: viewJson(opened, {
            account: { account: { type: 'plain_text_input', value: account } },
            text: {
              text: {
                type: 'plain_text_input',
                value: 'Acme says the budget freeze ends in Q1',
              },
            },
          }),
        }),
      );
    // A name that fits no account is said on the field; nothing is recorded.
    const refused = await submit('Initech');
    expect(await refused.json()).toEqual({
      response_action: 'errors',
      errors: { account: expect.stringContaining('No account matches "Initech"') },
    });
    const saved = await submit('acme');
    expect(saved.status).toBe(200);
    await h.emulator.waitFor('chat.postEphemeral', (c) =>
      text(c.body).includes('Logged on Acme Corp'),
    );
    expect((await submit('acme')).status).toBe(200);
    await h.emulator.waitFor('chat.postEphemeral', (c) =>
      text(c.body).includes('Already logged on Acme Corp'),
    );
    const messages = await get()
      .db.selectFrom('touchpoints')
      .selectAll()
      .where('kind', '=', 'message')
      .execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      account_id: acme,
      text: 'Acme says the budget freeze ends in Q1',
      author: ANN.name,
      logged_by: ANN.name,
      link: 'https://tend-local.slack.com/archives/C0GENERAL/p1795424400000200',
      at: new Date('2026-11-23T09:00:00Z'),
    });
  });

  it('/timeline shows every kind, newest first, with the message link; "30d" narrows it', async () => {
    await get()
      .db.insertInto('alerts')
      .values({
        account_id: acme,
        rule: 'inactivity',
        summary: 'No login for 15 days',
        fired_at: new Date('2026-09-01T09:00:00Z'),
      })
      .execute();
    const all = await run('/timeline', 'acme 180d');
    for (const part of [
      'Timeline: Acme Corp',
      'Call:',
      'call with the CFO about the renewal',
      'Note:',
      'champion is leaving in January',
      'Message:',
      'budget freeze ends in Q1',
      'open message',
      'p1795424400000200',
      'Alert:',
      'No login for 15 days',
    ]) {
      expect(all).toContain(part);
    }
    // Newest first: the note of 10:00 before the message of 09:00 before September's alert.
    expect(all.indexOf('champion is leaving')).toBeLessThan(all.indexOf('budget freeze'));
    expect(all.indexOf('budget freeze')).toBeLessThan(all.indexOf('No login for 15 days'));
    const recent = await run('/timeline', 'acme 30d');
    expect(recent).toContain('The last 30 days');
    expect(recent).not.toContain('No login for 15 days');
    expect(await run('/timeline', '')).toContain('Tell me the account');
  });

  it('the cadence comes back when the clock moves past it: 15 days after the last touch', async () => {
    h.ctx.clock = fixedClock('2026-12-08T11:00:00Z');
    try {
      const home = await openHome('Ev0TL3');
      expect(home).toContain('Check-ins due (1)');
      expect(home).toContain('1 days overdue');
    } finally {
      h.ctx.clock = fixedClock(NOW);
    }
  });
});
