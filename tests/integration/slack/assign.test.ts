import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { ACTIONS } from '../../../src/cards/actions';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { describeEachDatabase } from '../../helpers/database';
import { seedPortfolio } from '../../helpers/jobs-fixtures';
import { postEvent, postInteraction } from '../../helpers/slack-signing';
import { ANN, type Harness, nextTrigger, startHarness } from './harness';

const BOB = { id: 'U0BOB', email: 'bob@tend.test', name: 'Bob Assignee' };

describeEachDatabase('assigning an alert reaches the assignee', (get) => {
  let h: Harness;
  let worker: OutboxWorker;
  let alertId: number;
  let accountName: string;

  beforeAll(async () => {
    h = await startHarness(get().db);
    h.standIn.users.set(BOB.id, { email: BOB.email, name: BOB.name });
    await seedPortfolio(get().db, '2026-11-23');
    await runRiskJob(h.ctx);
    worker = createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { slack: createSlackSender({ token: 'xoxb-test', apiUrl: h.standIn.apiUrl }) },
      pace: { slack: { rate: 100, burst: 100 } },
    });
    await worker.runUntilIdle();
    // An alert on an account Bob does not own: only the assignment can bring it to him.
    const alert = await get()
      .db.selectFrom('alerts')
      .innerJoin('accounts', 'accounts.id', 'alerts.account_id')
      .select(['alerts.id', 'accounts.name', 'accounts.owner_email'])
      .where('accounts.owner_email', '<>', BOB.email)
      .orderBy('alerts.id')
      .executeTakeFirstOrThrow();
    alertId = alert.id;
    accountName = alert.name;
  });
  afterAll(() => h.close());

  const assign = (to: string) =>
    postInteraction(h.eventsUrl, {
      type: 'block_actions',
      user: { id: ANN.id, username: 'ann', name: 'ann', team_id: 'T0STANDIN' },
      api_app_id: 'A0TEND',
      token: 'deprecated',
      team: { id: 'T0STANDIN', domain: 'standin' },
      trigger_id: nextTrigger(),
      channel: { id: 'CACME', name: 'acme' },
      container: { type: 'message', message_ts: '1.000001', channel_id: 'CACME' },
      response_url: h.standIn.responseUrl(),
      actions: [
        {
          type: 'users_select',
          action_id: ACTIONS.alertAssign,
          block_id: JSON.stringify({ alertId }),
          selected_user: to,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
  const homeOf = async (user: string) => {
    const before = h.standIn.callsTo('views.publish').length;
    await postEvent(h.eventsUrl, {
      token: 'deprecated',
      team_id: 'T0STANDIN',
      api_app_id: 'A0TEND',
      type: 'event_callback',
      event_id: `Ev${nextTrigger()}`,
      event_time: 1732350000,
      event: { type: 'app_home_opened', user, channel: 'D0X', tab: 'home', event_ts: '1.1' },
    });
    await h.standIn.waitFor(
      'views.publish',
      (c) => c.body.user_id === user && h.standIn.callsTo('views.publish').length > before,
    );
    return JSON.stringify(h.standIn.callsTo('views.publish').at(-1)?.body);
  };

  it('sends the assignee a direct message saying who assigned what, with the buttons', async () => {
    expect(await homeOf(BOB.id)).not.toContain(accountName);
    expect((await assign(BOB.id)).status).toBe(200);
    for (let i = 0; i < 200; i++) {
      const n = await get()
        .db.selectFrom('outbox')
        .select('id')
        .where('channel_id', '=', BOB.id)
        .execute();
      if (n.length > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await worker.runUntilIdle();
    const dm = h.standIn.callsTo('chat.postMessage').find((c) => c.body.channel === BOB.id);
    expect(dm).toBeDefined();
    const text = JSON.stringify(dm?.body);
    expect(text).toContain('@Ann Example assigned this alert to you.');
    expect(text).toContain(accountName);
    for (const id of [ACTIONS.alertAck, ACTIONS.alertResolve, ACTIONS.alertAssign]) {
      expect(text).toContain(id);
    }
  });

  it('shows the alert in the assignee’s App Home', async () => {
    const home = await homeOf(BOB.id);
    expect(home).toContain('Your open alerts (1)');
    expect(home).toContain(accountName);
  });

  it('a later action rewrites the assignee’s copy too', async () => {
    const before = h.standIn.callsTo('chat.update').length;
    const res = await postInteraction(h.eventsUrl, {
      type: 'block_actions',
      user: { id: BOB.id, username: 'bob', name: 'bob', team_id: 'T0STANDIN' },
      api_app_id: 'A0TEND',
      token: 'deprecated',
      team: { id: 'T0STANDIN', domain: 'standin' },
      trigger_id: nextTrigger(),
      channel: { id: 'DBOB', name: 'directmessage' },
      container: { type: 'message', message_ts: '1.000002', channel_id: 'DBOB' },
      response_url: h.standIn.responseUrl(),
      actions: [
        {
          type: 'button',
          action_id: ACTIONS.alertAck,
          block_id: 'b1',
          value: JSON.stringify({ alertId }),
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
    expect(res.status).toBe(200);
    for (let i = 0; i < 200; i++) {
      await worker.runUntilIdle();
      if (h.standIn.callsTo('chat.update').length > before) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const updates = h.standIn.callsTo('chat.update').slice(before);
    expect(updates.map((u) => u.body.channel)).toContain(BOB.id);
    expect(JSON.stringify(updates)).toContain('Acknowledged by @Bob Assignee');
  });
});
