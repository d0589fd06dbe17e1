import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { ACTIONS } from '../../../src/cards/actions';
import { interactionJson } from '../../../src/chat/local/slack-payloads';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { describeEachDatabase } from '../../helpers/database';
import { seedPortfolio } from '../../helpers/jobs-fixtures';
import { postInteraction } from '../../helpers/slack-signing';
import { ANN, BOT_TOKEN, type Harness, nextTrigger, startHarness } from '../slack/harness';

// Round trips through signed block_actions requests: the real Bolt app on our HTTP server
// (the Slack engineer's harness and Web API stand-in), alerts posted by the outbox worker.

const BOB = { id: 'U0BOB', email: 'bob@tend.test', name: 'Bob Assignee' };

describeEachDatabase('alert buttons round trip', (get) => {
  let h: Harness;
  let worker: OutboxWorker;
  let alertId: number;
  let ts: string;

  beforeAll(async () => {
    h = await startHarness(get().db);
    h.emulator.addUser(BOB);
    await seedPortfolio(get().db, '2026-11-23');
    await runRiskJob(h.ctx);
    worker = createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 100, burst: 100 } },
    });
    await worker.runUntilIdle();
    const alert = await get().db.selectFrom('alerts').select('id').executeTakeFirstOrThrow();
    alertId = alert.id;
    const post = await get()
      .db.selectFrom('outbox')
      .select('message_ref')
      .where('channel_id', '=', 'CACME')
      .executeTakeFirstOrThrow();
    ts = (JSON.parse(post.message_ref ?? '{}') as { ts: string }).ts;
    expect(ts).toMatch(/^\d+\.\d+$/);
  });
  afterAll(() => h.close());

  function payload(action: Record<string, unknown>, trigger = nextTrigger()) {
    return interactionJson(ANN, trigger, {
      type: 'block_actions',
      channel: { id: 'CACME', name: 'acme' },
      container: { type: 'message', message_ts: ts, channel_id: 'CACME', is_ephemeral: false },
      response_url: h.emulator.responseUrl(),
      actions: [{ block_id: 'b1', action_ts: `${Date.now() / 1000}`, ...action }],
    });
  }
  const button = (actionId: string) => ({
    type: 'button',
    action_id: actionId,
    value: JSON.stringify({ alertId }),
    text: { type: 'plain_text', text: 'x' },
  });

  async function click(body: unknown) {
    const res = await postInteraction(h.eventsUrl, body);
    expect(res.status).toBe(200);
  }
  async function events() {
    return get().db.selectFrom('alert_events').selectAll().orderBy('id').execute();
  }
  /** Bolt answers at ack(); the work goes on after. Wait for its trace in the database. */
  async function waitForEvents(n: number) {
    for (let i = 0; i < 200; i++) {
      if ((await events()).length >= n) return events();
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`expected ${n} alert events`);
  }
  async function lastUpdateText() {
    await worker.runUntilIdle();
    const updates = h.emulator.callsTo('chat.update').filter((c) => c.body.ts === ts);
    return JSON.stringify(updates.at(-1)?.body ?? null);
  }

  it('Acknowledge changes the alert, records who, and rewrites the message in place', async () => {
    const body = payload(button(ACTIONS.alertAck));
    await click(body);
    const [event] = await waitForEvents(1);
    expect(event).toMatchObject({ action: 'ack', actor: ANN.id, platform: 'slack' });
    expect(event?.request_key).toBe(`slack:${body.trigger_id}`);
    const alert = await get().db.selectFrom('alerts').selectAll().executeTakeFirstOrThrow();
    expect(alert).toMatchObject({ status: 'acknowledged', acknowledged_by: '@Ann Example' });
    const rewritten = await lastUpdateText();
    expect(rewritten).toContain('Acknowledged by @Ann Example at 10:00');
    // Said once: the last action and the state line are the same fact.
    expect(rewritten.split('Acknowledged by').length - 1).toBe(1);

    // Slack retries the same request; then someone clicks again: nothing changes.
    await click(body);
    const again = payload(button(ACTIONS.alertAck));
    await click(again);
    const path = new URL(again.response_url).pathname;
    const told = await h.emulator.waitFor('response_url', (c) => c.body.path === path);
    expect(JSON.stringify(told.body)).toContain('Already acknowledged by @Ann Example');
    expect(await events()).toHaveLength(1);
  });

  it('Snooze records the duration and shows until when; a retry of the same request is recorded once', async () => {
    const body = payload({
      type: 'static_select',
      action_id: ACTIONS.alertSnooze,
      selected_option: {
        text: { type: 'plain_text', text: '4 hours' },
        value: JSON.stringify({ alertId, for: '4h' }),
      },
    });
    await click(body);
    const list = await waitForEvents(2);
    expect(list[1]).toMatchObject({ action: 'snooze', request_key: `slack:${body.trigger_id}` });
    // Slack retries the request (same trigger): a second snooze would be allowed by the
    // alert's state, so only the request-key dedupe keeps it from being recorded twice.
    await click(body);
    const path = new URL(body.response_url).pathname;
    await h.emulator.waitFor(
      'response_url',
      (c) => c.body.path === path && JSON.stringify(c.body).includes('Already done'),
    );
    expect(await events()).toHaveLength(2);
    const alert = await get().db.selectFrom('alerts').selectAll().executeTakeFirstOrThrow();
    expect(alert.snoozed_until?.toISOString()).toBe('2026-11-23T14:00:00.000Z');
    expect(await lastUpdateText()).toContain('Snoozed by @Ann Example for 4 hours (until 14:00)');
  });

  it('Assign hands it to the picked person', async () => {
    await click(
      payload({
        type: 'users_select',
        action_id: ACTIONS.alertAssign,
        block_id: JSON.stringify({ alertId }),
        selected_user: BOB.id,
      }),
    );
    const list = await waitForEvents(3);
    expect(list[2]).toMatchObject({ action: 'assign' });
    const alert = await get().db.selectFrom('alerts').selectAll().executeTakeFirstOrThrow();
    expect(alert.assignee).toBe('@Bob Assignee');
    expect(await lastUpdateText()).toContain('Assigned to @Bob Assignee by @Ann Example');
  });

  it('Resolve closes it: the card loses its buttons and later clicks change nothing', async () => {
    await click(payload(button(ACTIONS.alertResolve)));
    const list = await waitForEvents(4);
    expect(list.map((e) => e.action)).toEqual(['ack', 'snooze', 'assign', 'resolve']);
    const text = await lastUpdateText();
    expect(text).toContain('Resolved by @Ann Example at 10:00');
    expect(text).not.toContain(ACTIONS.alertAck);
    const late = payload(button(ACTIONS.alertAck));
    await click(late);
    const path = new URL(late.response_url).pathname;
    const told = await h.emulator.waitFor('response_url', (c) => c.body.path === path);
    expect(JSON.stringify(told.body)).toContain('Already resolved');
    expect(await events()).toHaveLength(4);
  });

  it('ignores a click whose value is not ours', async () => {
    await click(payload({ ...button(ACTIONS.alertAck), value: '{"alertId":"drop table"}' }));
    const bad = payload({
      ...button(ACTIONS.alertResolve),
      value: JSON.stringify({ alertId: 999999 }),
    });
    await click(bad);
    expect(await events()).toHaveLength(4);
  });

  it("Log follow-up opens the follow-up modal for the alert's account", async () => {
    const body = payload(button(ACTIONS.alertFollowUp));
    await click(body);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === body.trigger_id,
    );
    const view = open.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('followup.log.modal');
    const alert = await get()
      .db.selectFrom('alerts')
      .select('account_id')
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(view.private_metadata)).toEqual({
      accountId: alert.account_id,
      channelId: 'CACME',
    });
  });
});
