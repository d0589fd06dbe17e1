import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/cards/actions';
import { eventCallback, interactionJson, viewJson } from '../../../src/chat/local/slack-payloads';
import { fixedClock } from '../../../src/clock';
import { describeEachDatabase } from '../../helpers/database';
import { postEvent, postInteraction } from '../../helpers/slack-signing';
import { ANN, buttonClick, type Harness, NOW, seedAccounts, startHarness } from './harness';

describeEachDatabase('slack buttons, modal and App Home', (get) => {
  let h: Harness;
  let acme: number;
  beforeAll(async () => {
    ({ acme } = await seedAccounts(get().db));
    h = await startHarness(get().db);
  });
  afterAll(() => h.close());
  // Every click below is meant to work or to be ignored on purpose: a listener that threw (and
  // was only acknowledged) is a failure even when the ack was a 200.
  afterEach(() => {
    expect(h.errors).toEqual([]);
  });

  const click = async (payload: unknown) => {
    const res = await postInteraction(h.eventsUrl, payload);
    expect(res.status).toBe(200);
  };
  const followUpRow = (id: number) =>
    get()
      .db.selectFrom('follow_ups')
      .select(['status', 'done_by'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const openFollowUp = async (title: string) =>
    (
      await get()
        .db.insertInto('follow_ups')
        .values({ account_id: acme, title, owner_email: ANN.email, created_by: ANN.email })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const text = (v: unknown) => JSON.stringify(v);

  it('Pick answers below the choices and keeps them', async () => {
    const responseUrl = h.emulator.responseUrl();
    await click(
      buttonClick({
        userId: ANN.id,
        actionId: ACTIONS.pickAccount,
        value: JSON.stringify({ accountId: acme }),
        responseUrl,
      }),
    );
    const call = await h.emulator.waitFor(
      'response_url',
      (c) => c.body.path === new URL(responseUrl).pathname,
    );
    expect(call.body).toMatchObject({ replace_original: false, response_type: 'ephemeral' });
    expect(text(call.body)).toContain('Acme Corp');
  });

  it('Done updates the private list in place, once however often it is clicked', async () => {
    const id = await openFollowUp('call the CFO');
    const value = JSON.stringify({ followUpId: id, list: 'mine' });
    const clickDone = async () => {
      const responseUrl = h.emulator.responseUrl();
      await click(
        buttonClick({ userId: ANN.id, actionId: ACTIONS.followUpDone, value, responseUrl }),
      );
      const path = new URL(responseUrl).pathname;
      return h.emulator.waitFor('response_url', (c) => c.body.path === path);
    };
    const first = await clickDone();
    const second = await clickDone();
    expect(first.body).toMatchObject({ replace_original: true });
    expect(text(first.body)).toContain('Done: call the CFO');
    expect(text(second.body)).toContain(`Already done by ${ANN.email}`);
    const row = await get()
      .db.selectFrom('follow_ups')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', done_by: ANN.email });
  });

  it('Done on a channel message rewrites it with chat.update', async () => {
    const id = await openFollowUp('send the renewal quote');
    // The bot's earlier message in the channel: Slack refuses chat.update of anything else.
    const ts = h.emulator.seedMessage('C0ACME', 'Follow-ups: Acme Corp');
    await click(
      buttonClick({
        userId: ANN.id,
        actionId: ACTIONS.followUpDone,
        value: JSON.stringify({ followUpId: id, list: 'account' }),
        responseUrl: h.emulator.responseUrl(),
        ephemeral: false,
        container: { type: 'message', message_ts: ts, channel_id: 'C0ACME' },
      }),
    );
    const call = await h.emulator.waitFor('chat.update', (c) => c.body.ts === ts);
    expect(h.emulator.updates).toContainEqual(expect.objectContaining({ channel: 'C0ACME', ts }));
    expect(call.body.channel).toBe('C0ACME');
    expect(text(call.body)).toContain('Done: send the renewal quote');
    expect(text(call.body)).toContain('Follow-ups: Acme Corp');
  });

  it('Share in channel posts the card visibly, says who shared it, removes the private copy', async () => {
    const responseUrl = h.emulator.responseUrl();
    await click(
      buttonClick({
        userId: ANN.id,
        actionId: ACTIONS.shareCard,
        value: JSON.stringify({ accountId: acme }),
        responseUrl,
      }),
    );
    const post = await h.emulator.waitFor('chat.postMessage', (c) =>
      text(c.body).includes('Shared by'),
    );
    expect(post.body.channel).toBe('C0GENERAL');
    expect(text(post.body)).toContain(`Shared by ${ANN.name}`);
    expect(text(post.body)).toContain('Acme Corp');
    expect(text(post.body)).not.toContain(ACTIONS.shareCard);
    const removed = await h.emulator.waitFor(
      'response_url',
      (c) => c.body.path === new URL(responseUrl).pathname,
    );
    expect(removed.body).toMatchObject({ delete_original: true });
    // A shared card says when its figures were taken and can be refreshed.
    expect(text(post.body)).toContain(`Shared by ${ANN.name} · as of 23 Nov 10:00 UTC`);
    expect(text(post.body)).toContain(ACTIONS.refreshCard);
  });

  it('Refresh on a shared card rewrites it with the time of the refresh and who asked', async () => {
    h.ctx.clock = fixedClock('2026-11-25T08:30:00Z');
    // The shared copy in the channel (the emulator, strict like Slack, updates only what exists).
    const shared = h.emulator.seedMessage('C0GENERAL', 'Acme Corp (shared)');
    await click(
      buttonClick({
        userId: ANN.id,
        actionId: ACTIONS.refreshCard,
        value: JSON.stringify({ accountId: acme }),
        responseUrl: h.emulator.responseUrl(),
        ephemeral: false,
        container: { type: 'message', message_ts: shared, channel_id: 'C0GENERAL' },
      }),
    );
    const update = await h.emulator.waitFor('chat.update', (c) => c.body.ts === shared);
    expect(update.body.channel).toBe('C0GENERAL');
    expect(text(update.body)).toContain(`Refreshed by ${ANN.name} · as of 25 Nov 08:30 UTC`);
    expect(text(update.body)).toContain('Acme Corp');
    h.ctx.clock = fixedClock(NOW);
  });

  it('Log follow-up opens the modal; submitting it records one follow-up, even twice', async () => {
    const clicked = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.logFollowUp,
      value: JSON.stringify({ accountId: acme }),
      responseUrl: h.emulator.responseUrl(),
    });
    await click(clicked);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === clicked.trigger_id,
    );
    const view = open.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('followup.log.modal');
    expect(text(view)).toContain('Acme Corp');
    expect(JSON.parse(view.private_metadata)).toEqual({ accountId: acme, channelId: 'C0GENERAL' });

    // The modal as the emulator stored it, submitted the way Slack does.
    const opened = h.emulator.state.modalStack(ANN.id).at(-1);
    expect(opened?.view.callback_id).toBe('followup.log.modal');
    const submission = interactionJson(ANN, null, {
      type: 'view_submission',
      view: viewJson(opened!, {
        title: { title: { type: 'plain_text_input', value: 'book the QBR' } },
        due: { due: { type: 'datepicker', selected_date: '2026-12-01' } },
        owner: { owner: { type: 'users_select', selected_user: ANN.id } },
      }),
    });
    const first = await postInteraction(h.eventsUrl, submission);
    const again = await postInteraction(h.eventsUrl, submission);
    expect([first.status, again.status]).toEqual([200, 200]);
    const confirm = await h.emulator.waitFor('chat.postEphemeral', (c) =>
      text(c.body).includes('book the QBR'),
    );
    expect(confirm.body).toMatchObject({ channel: 'C0GENERAL', user: ANN.id });
    await h.emulator.waitFor('chat.postEphemeral', (c) =>
      text(c.body).includes('Already recorded'),
    );
    const rows = await get()
      .db.selectFrom('follow_ups')
      .selectAll()
      .where('title', '=', 'book the QBR')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ due_on: '2026-12-01', owner_email: ANN.email });
  });

  it('an empty modal title is refused on the field, and nothing is recorded', async () => {
    const before = await get().db.selectFrom('follow_ups').select('id').execute();
    const res = await postInteraction(h.eventsUrl, {
      type: 'view_submission',
      team: { id: 'T0LOCAL' },
      user: { id: ANN.id, team_id: 'T0LOCAL' },
      api_app_id: 'A0TEND',
      view: {
        id: 'V0MODAL2',
        type: 'modal',
        callback_id: 'followup.log.modal',
        private_metadata: JSON.stringify({ accountId: acme, channelId: null }),
        state: { values: { title: { title: { type: 'plain_text_input', value: '  ' } } } },
      },
    });
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { title: 'Say what to do.' },
    });
    expect(await get().db.selectFrom('follow_ups').select('id').execute()).toEqual(before);
  });

  it('App Home: opening it publishes my portfolio, follow-ups and alerts', async () => {
    const res = await postEvent(
      h.eventsUrl,
      eventCallback(
        { type: 'app_home_opened', user: ANN.id, channel: 'D0ANN', tab: 'home', event_ts: '1.1' },
        'Ev0HOME1',
        'UTENDBOT',
      ),
    );
    expect(res.status).toBe(200);
    const publish = await h.emulator.waitFor('views.publish', (c) => c.body.user_id === ANN.id);
    const view = publish.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    for (const part of [
      'Your portfolio',
      'Acme Corp',
      'Your open follow-ups',
      'Your open alerts',
    ]) {
      expect(text(view)).toContain(part);
    }
  });

  it('Open on the Home tab shows the card in a modal without Share in channel', async () => {
    await click(
      buttonClick({
        userId: ANN.id,
        actionId: ACTIONS.pickAccount,
        value: JSON.stringify({ accountId: acme }),
        container: { type: 'view', view_id: 'V0HOME' },
        view: { id: 'V0HOME', type: 'home' },
      }),
    );
    const opened = await h.emulator.waitFor('views.open', (c) =>
      text(c.body).includes('Acme Corp'),
    );
    expect(text(opened.body)).toContain(ACTIONS.logFollowUp);
    expect(text(opened.body)).not.toContain(ACTIONS.shareCard);
  });

  it('Done on the Home tab publishes it again', async () => {
    const id = await openFollowUp('prepare the EBR');
    const before = h.emulator.callsTo('views.publish').length;
    await click(
      buttonClick({
        userId: ANN.id,
        actionId: ACTIONS.followUpDone,
        value: JSON.stringify({ followUpId: id, list: 'mine' }),
        container: { type: 'view', view_id: 'V0HOME' },
        view: { id: 'V0HOME', type: 'home' },
      }),
    );
    await h.emulator.waitFor(
      'views.publish',
      () => h.emulator.callsTo('views.publish').length > before,
    );
    const last = h.emulator.callsTo('views.publish').at(-1)!;
    expect(text(last.body)).not.toContain('prepare the EBR');
  });

  it('a malformed button value is acknowledged and answered privately: nothing changes', async () => {
    const id = await openFollowUp('check the invoice');
    const sentBefore = h.emulator.calls.length;
    const values = [`{"followUpId":"${id}"}`, '{"followUpId":', `${id}`, ''];
    for (const value of values) {
      const responseUrl = h.emulator.responseUrl();
      await click(
        buttonClick({ userId: ANN.id, actionId: ACTIONS.followUpDone, value, responseUrl }),
      );
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(await followUpRow(id)).toEqual({ status: 'open', done_by: null });
    const answers = h.emulator.calls.slice(sentBefore);
    expect(answers).toHaveLength(values.length);
    for (const a of answers) {
      expect(a.method).toBe('response_url');
      expect(a.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(String(a.body.text)).toMatch(/out of date/);
    }
    // The same button with a good value still works.
    await click(
      buttonClick({
        userId: ANN.id,
        actionId: ACTIONS.followUpDone,
        value: JSON.stringify({ followUpId: id, list: 'mine' }),
        responseUrl: h.emulator.responseUrl(),
      }),
    );
    await h.emulator.waitFor('response_url', (c) =>
      JSON.stringify(c.body).includes('check the invoice'),
    );
    expect(await followUpRow(id)).toMatchObject({ status: 'done', done_by: ANN.email });
  });
});
