import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { ACTIONS } from '../../../src/cards/actions';
import { interactionJson, viewJson } from '../../../src/chat/local/slack-payloads';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { describeEachDatabase } from '../../helpers/database';
import { type MovableClock, movableClock } from '../../helpers/jobs-context';
import { seedPortfolio } from '../../helpers/jobs-fixtures';
import { commandBody, postCommand, postInteraction } from '../../helpers/slack-signing';
import { ANN, BOT_TOKEN, type Harness, NOW, nextTrigger, startHarness } from './harness';

// Issue 13 in Slack, through signed requests to the real Bolt app and the Web API emulator:
// one card per account episode, its story told in the card's thread, the Note button and
// /note. The clock is moved by hand (the minute that collapses changes, the next risk run).

describeEachDatabase('slack: one card per episode, its story in the thread', (get) => {
  let h: Harness;
  let clock: MovableClock;
  let worker: OutboxWorker;
  let acme: number;
  let lead: number;
  let ts: string;

  beforeAll(async () => {
    h = await startHarness(get().db);
    clock = movableClock(NOW);
    h.ctx.clock = clock;
    ({ acme } = await seedPortfolio(get().db, '2026-11-23'));
    worker = createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
    });
    await runRiskJob(h.ctx);
    await worker.runUntilIdle();
    lead = (await get().db.selectFrom('alerts').select('id').executeTakeFirstOrThrow()).id;
    const post = await get()
      .db.selectFrom('outbox')
      .select('message_ref')
      .where('channel_id', '=', 'CACME')
      .executeTakeFirstOrThrow();
    ts = (JSON.parse(post.message_ref ?? '{}') as { ts: string }).ts;
  });
  afterAll(() => h.close());

  const inAcme = () => h.emulator.posts.filter((p) => p.channel === 'CACME');
  const replies = () => inAcme().filter((p) => p.threadTs === ts);
  const text = (v: unknown) => JSON.stringify(v);
  async function events() {
    return get().db.selectFrom('alert_events').selectAll().orderBy('id').execute();
  }
  async function waitForEvents(n: number) {
    for (let i = 0; i < 200; i++) {
      if ((await events()).length >= n) return events();
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`expected ${n} alert events`);
  }
  function click(action: Record<string, unknown>, trigger = nextTrigger()) {
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
    value: JSON.stringify({ alertId: lead }),
    text: { type: 'plain_text', text: 'x' },
  });

  it('a new signal for the account joins the open card: "+1 more signal", one line in the thread', async () => {
    expect(inAcme()).toHaveLength(1);
    await get()
      .db.insertInto('survey_answers')
      .values({
        external_id: 'nps-1',
        account_id: acme,
        kind: 'nps',
        score: 3,
        respondent: 'cfo@acme.com',
        answered_on: '2026-11-23',
      })
      .execute();
    clock.advance(3_600_000);
    const run = await runRiskJob(h.ctx, { recompute: false });
    expect(run).toMatchObject({ fired: 1, joined: 1 });
    await worker.runUntilIdle();
    // No second card in the channel: an update of the first and one reply under it.
    expect(inAcme().filter((p) => !p.threadTs)).toHaveLength(1);
    const update = h.emulator.updates.filter((u) => u.ts === ts).at(-1);
    expect(text(update)).toContain('+1 more signal');
    expect(text(update)).toContain('detractor NPS 3 from cfo@acme.com');
    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.text).toContain('New signal: detractor NPS 3 from cfo@acme.com');
    const signal = await get()
      .db.selectFrom('alerts')
      .selectAll()
      .where('rule', '=', 'detractor')
      .executeTakeFirstOrThrow();
    expect(signal.episode_of).toBe(lead);
    // The same finding on the next run continues the signal: nothing more is said.
    clock.advance(3_600_000);
    expect(await runRiskJob(h.ctx, { recompute: false })).toMatchObject({ fired: 0 });
    await worker.runUntilIdle();
    expect(replies()).toHaveLength(1);
  });

  it('changes within a minute are one reply in the thread, never @mentioning who acted; the card is rewritten at once', async () => {
    await postInteraction(h.eventsUrl, click(button(ACTIONS.alertAck)));
    await waitForEvents(1);
    await postInteraction(
      h.eventsUrl,
      click({
        type: 'static_select',
        action_id: ACTIONS.alertSnooze,
        selected_option: {
          text: { type: 'plain_text', text: '4 hours' },
          value: JSON.stringify({ alertId: lead, for: '4h' }),
        },
      }),
    );
    await waitForEvents(2);
    await worker.runUntilIdle();
    // The card shows both at once; the thread waits for the minute to pass.
    expect(text(h.emulator.updates.filter((u) => u.ts === ts).at(-1))).toContain('Snoozed by');
    expect(replies()).toHaveLength(1);
    clock.advance(61_000);
    await worker.runUntilIdle();
    expect(replies()).toHaveLength(2);
    const reply = replies()[1]!;
    expect(text(reply.blocks)).toContain('Acknowledged by Ann Example');
    expect(text(reply.blocks)).toContain('Snoozed by Ann Example for 4 hours');
    expect(text(reply)).not.toContain('@Ann');
    expect(text(reply)).not.toContain('<@');
    // The signal that joined the episode follows its lead.
    const signal = await get()
      .db.selectFrom('alerts')
      .select(['status', 'acknowledged_by'])
      .where('rule', '=', 'detractor')
      .executeTakeFirstOrThrow();
    expect(signal).toEqual({ status: 'acknowledged', acknowledged_by: '@Ann Example' });
  });

  it('Note opens the note form as a modal; Save adds it to the history and the thread at once', async () => {
    const body = click(button(ACTIONS.alertNote));
    await postInteraction(h.eventsUrl, body);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === body.trigger_id,
    );
    const view = open.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(ACTIONS.alertNoteModal);
    expect(JSON.parse(view.private_metadata)).toEqual({ alertId: lead, channelId: 'CACME' });
    const opened = h.emulator.state.modalStack(ANN.id).at(-1)!;
    const submission = interactionJson(ANN, null, {
      type: 'view_submission',
      view: viewJson(opened, {
        note: { note: { type: 'plain_text_input', value: 'CFO call moved to Tuesday' } },
      }),
    });
    await postInteraction(h.eventsUrl, submission);
    await postInteraction(h.eventsUrl, submission);
    const list = await waitForEvents(3);
    await h.emulator.waitFor('chat.postEphemeral', (c) => text(c.body).includes('Note added'));
    expect(list[2]).toMatchObject({ action: 'note', actor: ANN.id });
    await worker.runUntilIdle();
    expect(replies()).toHaveLength(3);
    expect(text(replies()[2])).toContain('Note from Ann Example: CFO call moved to Tuesday');
    // Submitted twice, recorded once.
    expect((await events()).filter((e) => e.action === 'note')).toHaveLength(1);
  });

  it('an empty note is refused on the field, and nothing is recorded', async () => {
    const res = await postInteraction(h.eventsUrl, {
      type: 'view_submission',
      team: { id: 'T0LOCAL' },
      user: { id: ANN.id, team_id: 'T0LOCAL' },
      api_app_id: 'A0TEND',
      view: {
        id: 'V0NOTE2',
        type: 'modal',
        callback_id: ACTIONS.alertNoteModal,
        private_metadata: JSON.stringify({ alertId: lead, channelId: null }),
        state: { values: { note: { note: { type: 'plain_text_input', value: '   ' } } } },
      },
    });
    expect(await res.json()).toMatchObject({ response_action: 'errors' });
    expect((await events()).filter((e) => e.action === 'note')).toHaveLength(1);
  });

  it('/note <account> <text> adds a note to the open alert; an account without one is told so', async () => {
    const run = async (words: string) => {
      const res = await postCommand(
        h.eventsUrl,
        commandBody({
          command: '/note',
          text: words,
          user_id: ANN.id,
          trigger_id: nextTrigger(),
          response_url: h.emulator.responseUrl(),
        }),
      );
      return text(await res.json());
    };
    expect(await run('acme renewal budget approved')).toContain('Note added');
    await worker.runUntilIdle();
    expect(text(replies().at(-1))).toContain('Note from Ann Example: renewal budget approved');
    expect(await run('gamma all quiet')).toContain('no open alert');
    expect(await run('acme')).toMatch(/Tell me the account and the note|could not tell/);
  });

  it('Resolve closes the episode: its signals are resolved with it', async () => {
    await postInteraction(h.eventsUrl, click(button(ACTIONS.alertResolve)));
    await waitForEvents(5);
    const rows = await get().db.selectFrom('alerts').select(['rule', 'status']).execute();
    expect(rows.every((r) => r.status === 'resolved')).toBe(true);
    clock.advance(61_000);
    await worker.runUntilIdle();
    expect(text(replies().at(-1))).toContain('Resolved by Ann Example');
  });

  it('a finding a few days after the episode was resolved re-opens its card: no new post, a line in the thread', async () => {
    // Past the rules' 72 h cooldown, within alerts.reopenWithinDays (7).
    clock.advance(4 * 86_400_000);
    await get()
      .db.insertInto('survey_answers')
      .values({
        external_id: 'nps-2',
        account_id: acme,
        kind: 'nps',
        score: 2,
        respondent: 'ceo@acme.com',
        answered_on: '2026-11-27',
      })
      .execute();
    expect(await runRiskJob(h.ctx, { recompute: false })).toMatchObject({ reopened: 1 });
    await worker.runUntilIdle();
    expect(inAcme().filter((p) => !p.threadTs)).toHaveLength(1);
    expect(text(replies().at(-1))).toContain('Re-opened:');
    expect(text(replies().at(-1))).toContain('detractor NPS 2 from ceo@acme.com');
    expect(text(h.emulator.updates.filter((u) => u.ts === ts).at(-1))).toContain('Acknowledge');
    const again = await get()
      .db.selectFrom('alerts')
      .select(['status', 'resolved_at'])
      .where('id', '=', lead)
      .executeTakeFirstOrThrow();
    expect(again).toEqual({ status: 'open', resolved_at: null });
  });

  it('Snooze "until after a date…" asks for the date and why, and the card says both', async () => {
    const body = click({
      type: 'static_select',
      action_id: ACTIONS.alertSnooze,
      selected_option: {
        text: { type: 'plain_text', text: 'Until after a date…' },
        value: JSON.stringify({ alertId: lead, for: 'date' }),
      },
    });
    await postInteraction(h.eventsUrl, body);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === body.trigger_id,
    );
    expect((open.body.view as { callback_id: string }).callback_id).toBe(ACTIONS.alertSnoozeUntil);
    const opened = h.emulator.state.modalStack(ANN.id).at(-1)!;
    const submit = (reason: string) =>
      postInteraction(
        h.eventsUrl,
        interactionJson(ANN, null, {
          type: 'view_submission',
          view: viewJson(opened, {
            until: { until: { type: 'datepicker', selected_date: '2026-12-10' } },
            reason: { reason: { type: 'plain_text_input', value: reason } },
          }),
        }),
      );
    // No reason: refused on the field, nothing recorded.
    expect(await (await submit(' ')).json()).toMatchObject({ response_action: 'errors' });
    await submit('waiting for their budget review');
    for (let i = 0; i < 200; i++) {
      const a = await get()
        .db.selectFrom('alerts')
        .select(['snoozed_until', 'snooze_reason'])
        .where('id', '=', lead)
        .executeTakeFirstOrThrow();
      if (a.snooze_reason) {
        expect(a.snoozed_until?.toISOString()).toBe('2026-12-11T00:00:00.000Z');
        expect(a.snooze_reason).toBe('waiting for their budget review');
        break;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    await worker.runUntilIdle();
    expect(text(h.emulator.updates.filter((u) => u.ts === ts).at(-1))).toContain(
      'until after 10 Dec: waiting for their budget review',
    );
  });
});
