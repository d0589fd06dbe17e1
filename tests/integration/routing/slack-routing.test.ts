import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { ACTIONS } from '../../../src/cards/actions';
import { eventCallback, interactionJson, viewJson } from '../../../src/chat/local/slack-payloads';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { jobNamed } from '../../../src/jobs/definitions';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount, insertUsage } from '../../helpers/fixtures';
import { type MovableClock, movableClock } from '../../helpers/jobs-context';
import { seedPortfolio } from '../../helpers/jobs-fixtures';
import { commandBody, postCommand, postEvent, postInteraction } from '../../helpers/slack-signing';
import {
  ANN,
  BOT_TOKEN,
  buttonClick,
  type Harness,
  NOW,
  nextTrigger,
  startHarness,
} from '../slack/harness';

// Issue 13 points 3, 6 and 7 in Slack, through signed requests to the real Bolt app and the
// Web API emulator, with the clock moved by hand: a person's routing (DM, channel, both),
// quiet hours in their own zone with one catch-up when they end, follows, their due dates.

/** Jane owns Acme; her Slack profile says New York (UTC-5 in November). */
const JANE = { id: 'U0JANE', name: 'Jane Owner', email: 'jane@acme.com', tz: 'America/New_York' };
const DM = ['U0JANE', 'D0JANE'];

describeEachDatabase('slack: personal alert routing, quiet hours, follows', (get) => {
  let h: Harness;
  let clock: MovableClock;
  let worker: OutboxWorker;

  beforeAll(async () => {
    h = await startHarness(get().db);
    h.emulator.addUser(JANE);
    clock = movableClock(NOW);
    h.ctx.clock = clock;
    await seedPortfolio(get().db, '2026-11-23');
    worker = createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
    });
  });
  afterAll(() => h.close());

  const text = (v: unknown) => JSON.stringify(v);
  const postsIn = (channels: string[]) =>
    h.emulator.posts.filter((p) => channels.includes(p.channel) && !p.threadTs);
  async function cs(user: { id: string }, words: string, channel: string) {
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command: words.startsWith('followup') ? '/followup' : '/cs',
        text: words.replace(/^followup /, ''),
        user_id: user.id,
        trigger_id: nextTrigger(user.id),
        response_url: h.emulator.responseUrl(),
        channel_id: channel,
      }),
    );
    return text(await res.json());
  }
  /** An account owned by Jane that trips the inactivity rule today (no login for 20 days). */
  async function inactive(name: string, channel: string | null) {
    const id = await insertAccount(get().db, {
      external_id: name.toLowerCase(),
      name,
      owner_email: 'jane@acme.com',
      arr: 80000,
    });
    await get()
      .db.updateTable('accounts')
      .set({ slack_channel: channel })
      .where('id', '=', id)
      .execute();
    await insertUsage(get().db, id, '2026-11-23', 60, (i) => ({
      active: 20,
      seats: 40,
      logins: i < 40 ? 30 : 0,
      features: 6,
    }));
    return id;
  }
  const digestMinute = async () => {
    const job = jobNamed('digest');
    const slot = job.latestSlot(h.ctx, clock.now());
    return job.run(h.ctx, slot!) as Promise<{ catchUps: { people: number; alerts: number } }>;
  };

  it('cs alerts dm + cs quiet in her zone: the card waits, the account channel gets none, one catch-up when quiet ends', async () => {
    expect(await cs(JANE, 'alerts dm', 'D0JANE')).toContain('Saved. Alerts: by DM');
    // 10:00 UTC is 05:00 in New York: inside 20:00-08:00.
    expect(await cs(JANE, 'quiet 20:00-08:00', 'D0JANE')).toContain('America/New_York');
    await runRiskJob(h.ctx);
    await worker.runUntilIdle();
    expect(postsIn(['CACME'])).toHaveLength(0);
    expect(postsIn(DM)).toHaveLength(0);
    const held = await get().db.selectFrom('away_alerts').selectAll().execute();
    expect(held).toHaveLength(1);
    // 08:00 in New York is 13:00 UTC.
    expect(held[0]!.away_until.toISOString()).toBe('2026-11-23T13:00:00.000Z');

    clock.set('2026-11-23T12:59:00Z');
    expect((await digestMinute()).catchUps.people).toBe(0);
    clock.set('2026-11-23T13:00:00Z');
    expect((await digestMinute()).catchUps).toEqual({ people: 1, alerts: 1 });
    // The next minutes (or a second replica) find nothing left to say.
    clock.set('2026-11-23T13:01:00Z');
    expect((await digestMinute()).catchUps.people).toBe(0);
    await worker.runUntilIdle();
    const dms = postsIn(DM);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.text).toContain('While you were away: 1 alert');
    expect(text(dms[0]!.blocks)).toContain('Acme Corp');
  });

  it('cs alerts channel: no DM, the account channel gets the card', async () => {
    expect(await cs(JANE, 'alerts channel', 'D0JANE')).toContain('in channels only');
    await cs(JANE, 'quiet off', 'D0JANE');
    await inactive('Delta Inc', 'CDELTA');
    const before = postsIn(DM).length;
    await runRiskJob(h.ctx);
    await worker.runUntilIdle();
    expect(postsIn(['CDELTA'])).toHaveLength(1);
    expect(postsIn(DM)).toHaveLength(before);
  });

  it('cs follow in a channel and in a DM: both get the card; the owner who follows gets one DM', async () => {
    expect(await cs(JANE, 'alerts both', 'D0JANE')).toContain('by DM and in channels');
    await inactive('Epsilon AG', 'CEPS');
    expect(await cs(ANN, 'follow epsilon', 'C0GENERAL')).toContain(
      'This channel follows Epsilon AG',
    );
    expect(await cs(ANN, 'follow epsilon', 'C0GENERAL')).toContain('followed here already');
    expect(await cs(JANE, 'follow epsilon', 'D0JANE')).toContain('You follow Epsilon AG');
    expect(await cs(ANN, 'following', 'C0GENERAL')).toContain('Epsilon AG');
    const before = postsIn(DM).length;
    await runRiskJob(h.ctx);
    await worker.runUntilIdle();
    expect(postsIn(['CEPS'])).toHaveLength(1);
    expect(postsIn(['C0GENERAL'])).toHaveLength(1);
    expect(postsIn(['C0GENERAL'])[0]!.text).toContain('Epsilon AG');
    // Owner and follower at once: one DM, not two.
    expect(postsIn(DM)).toHaveLength(before + 1);
    expect(await cs(ANN, 'unfollow epsilon', 'C0GENERAL')).toContain('no longer follows');
  });

  it('"by tomorrow" is tomorrow in the person’s own zone', async () => {
    // 02:00 UTC on the 24th is still the 23rd, 21:00, in New York.
    clock.set('2026-11-24T02:00:00Z');
    expect(await cs(JANE, 'followup acme call the CFO by tomorrow', 'D0JANE')).toContain(
      'call the CFO',
    );
    expect(await cs(ANN, 'followup acme send the deck by tomorrow', 'C0GENERAL')).toContain(
      'send the deck',
    );
    const rows = await get()
      .db.selectFrom('follow_ups')
      .select(['title', 'due_on'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { title: 'call the CFO', due_on: '2026-11-24' },
      { title: 'send the deck', due_on: '2026-11-25' },
    ]);
    const jane = await get()
      .db.selectFrom('chat_users')
      .select('tz')
      .where('user_id', '=', JANE.id)
      .executeTakeFirstOrThrow();
    expect(jane.tz).toBe('America/New_York');
  });

  it('App Home shows the settings; Change opens the form; Save checks each field and stores them', async () => {
    await postEvent(
      h.eventsUrl,
      eventCallback(
        { type: 'app_home_opened', user: JANE.id, channel: 'D0JANE', tab: 'home', event_ts: '1.3' },
        'Ev0HOMEROUTING',
        'UTENDBOT',
      ),
    );
    const publish = await h.emulator.waitFor('views.publish', (c) => c.body.user_id === JANE.id);
    expect(text(publish.body.view)).toContain('Your alert settings');
    expect(text(publish.body.view)).toContain('Epsilon AG');
    expect(text(publish.body.view)).toContain(ACTIONS.routingEdit);
    const clicked = buttonClick({
      userId: JANE.id,
      actionId: ACTIONS.routingEdit,
      value: JSON.stringify({ settings: 1 }),
      container: { type: 'view', view_id: 'VHOME' },
      view: { id: 'VHOME', type: 'home' },
    });
    expect((await postInteraction(h.eventsUrl, clicked)).status).toBe(200);
    await h.emulator.waitFor('views.open', (c) => c.body.trigger_id === clicked.trigger_id);
    const modal = h.emulator.state.modalStack(JANE.id).at(-1)!;
    expect(text(modal.view)).toContain('Quiet hours (America/New_York');
    const submit = (quiet: string) =>
      postInteraction(
        h.eventsUrl,
        interactionJson(JANE, null, {
          type: 'view_submission',
          view: viewJson(modal, {
            delivery: {
              delivery: { type: 'static_select', selected_option: { value: 'dm' } },
            },
            scope: { scope: { type: 'static_select', selected_option: { value: 'all' } } },
            filters: {
              filters: { type: 'plain_text_input', value: 'min_arr=50k rules=inactivity' },
            },
            hours: { hours: { type: 'plain_text_input', value: '' } },
            quiet: { quiet: { type: 'plain_text_input', value: quiet } },
          }),
        }),
      );
    const refused = await submit('late');
    expect(await refused.json()).toMatchObject({
      response_action: 'errors',
      errors: { quiet: expect.stringContaining('not a range of times') },
    });
    await submit('22:00-07:00');
    const row = await get()
      .db.selectFrom('alert_routing')
      .selectAll()
      .where('user_id', '=', JANE.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      delivery: 'dm',
      scope: 'all',
      quiet_hours: '22:00-07:00',
      work_hours: null,
      filters: { minArr: 50000, rules: ['inactivity'] },
    });
  });
});
