import { afterAll, beforeAll, expect, it } from 'vitest';
import { ingestBatch } from '../../../src/app/ingest';
import { ACTIONS } from '../../../src/cards/actions';
import { eventCallback, interactionJson, viewJson } from '../../../src/chat/local/slack-payloads';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { fixedClock } from '../../../src/clock';
import { loadConfig } from '../../../src/config';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { allJobs } from '../../../src/jobs/definitions';
import { describeEachDatabase } from '../../helpers/database';
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

const text = (v: unknown) => JSON.stringify(v);

// A detractor answer arrives through the ingestion use case; its loop is posted to the
// account's channel, closed with an outcome and a note, and a second loop left open escalates
// once when its clock runs out.
describeEachDatabase('survey loops on Slack', (get) => {
  let h: Harness;
  let worker: OutboxWorker;
  let acme: number;

  beforeAll(async () => {
    h = await startHarness(get().db);
    h.ctx.config = loadConfig({ TEND_CONFIG: '' });
    h.ctx.config.settings.alerts.escalationChannel = 'C0ESC';
    acme = (
      await get()
        .db.insertInto('accounts')
        .values({
          external_id: 'acme',
          name: 'Acme Corp',
          owner_email: ANN.email,
          arr: 120000,
          slack_channel: 'C0ACME',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    worker = createOutboxWorker(h.ctx, {
      instance: 't',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 100, burst: 100 } },
    });
  });
  afterAll(() => h.close());

  const loops = () => get().db.selectFrom('survey_loops').selectAll().orderBy('id').execute();

  it('a detractor and a low CSAT open a loop each, posted with the clock; others do not', async () => {
    const answers = [
      {
        external_id: 's1',
        account_external_id: 'acme',
        kind: 'nps',
        score: 3,
        respondent: 'cfo@acme.com',
        comment: 'Exports fail',
        answered_on: '2026-11-22',
      },
      {
        external_id: 's2',
        account_external_id: 'acme',
        kind: 'csat',
        score: 2,
        answered_on: '2026-11-23',
      },
      {
        external_id: 's3',
        account_external_id: 'acme',
        kind: 'nps',
        score: 8,
        answered_on: '2026-11-23',
      },
      {
        external_id: 's4',
        account_external_id: 'acme',
        kind: 'nps',
        score: 1,
        answered_on: '2026-09-01',
      },
    ];
    const result = await ingestBatch(h.ctx, 'surveys', answers);
    expect(result).toMatchObject({ ok: true, written: 4 });
    const opened = await loops();
    expect(opened.map((l) => [l.reason, l.due_at.toISOString()])).toEqual([
      ['detractor', '2026-11-25T10:00:00.000Z'],
      ['low_csat', '2026-11-25T10:00:00.000Z'],
    ]);
    expect(opened.every((l) => l.account_id === acme && l.closed_at === null)).toBe(true);
    // The hourly run finds nothing more to open.
    await allJobs()
      .find((j) => j.name === 'risk')!
      .run(h.ctx, new Date(NOW));
    expect(await loops()).toHaveLength(2);
    await worker.runUntilIdle();
    // The risk run also posted its detractor alert there; the loops are their own cards.
    const posts = h.emulator
      .callsTo('chat.postMessage')
      .filter((c) => c.body.channel === 'C0ACME' && text(c.body).includes('Close the loop'));
    expect(posts).toHaveLength(2);
    expect(text(posts[0]!.body)).toContain('Exports fail');
    expect(text(posts[0]!.body)).toContain('Contact by');
    expect(text(posts[0]!.body)).toContain(ACTIONS.loopOutcome);
  });

  it('/loops lists my open loops, overdue first', async () => {
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command: '/loops',
        text: '',
        user_id: ANN.id,
        trigger_id: nextTrigger(),
        response_url: h.emulator.responseUrl(),
      }),
    );
    const body = text(await res.json());
    expect(body).toContain('Your open loops');
    expect(body).toContain('2 loops to close');
    expect(body).toContain('Detractor NPS 3');
  });

  it('App Home shows my open loops', async () => {
    const res = await postEvent(
      h.eventsUrl,
      eventCallback(
        { type: 'app_home_opened', user: ANN.id, channel: 'D0ANN', tab: 'home', event_ts: '1.2' },
        'Ev0HOMELOOPS',
        'UTENDBOT',
      ),
    );
    expect(res.status).toBe(200);
    const publish = await h.emulator.waitFor('views.publish', (c) => c.body.user_id === ANN.id);
    expect(text(publish.body.view)).toContain('Your open loops (2), overdue first');
    expect(text(publish.body.view)).toContain(ACTIONS.loopShow);
  });

  it('Contacted asks for a note; Save closes the loop and rewrites the posted card', async () => {
    const [detractor] = await loops();
    const clicked = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.loopOutcome,
      value: JSON.stringify({ loopId: detractor!.id, outcome: 'contacted' }),
      responseUrl: h.emulator.responseUrl(),
      ephemeral: false,
    });
    expect((await postInteraction(h.eventsUrl, clicked)).status).toBe(200);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === clicked.trigger_id,
    );
    expect((open.body.view as { callback_id: string }).callback_id).toBe(ACTIONS.loopNote);
    const modal = h.emulator.state.modalStack(ANN.id).at(-1)!;
    // An empty note is refused on the field.
    const empty = await postInteraction(
      h.eventsUrl,
      interactionJson(ANN, null, {
        type: 'view_submission',
        view: viewJson(modal, { note: { note: { type: 'plain_text_input', value: '   ' } } }),
      }),
    );
    expect(await empty.json()).toMatchObject({
      response_action: 'errors',
      errors: { note: expect.any(String) },
    });
    expect((await loops())[0]!.closed_at).toBeNull();

    const saved = await postInteraction(
      h.eventsUrl,
      interactionJson(ANN, null, {
        type: 'view_submission',
        view: viewJson(modal, {
          note: { note: { type: 'plain_text_input', value: 'Called the CFO' } },
        }),
      }),
    );
    expect(saved.status).toBe(200);
    for (let i = 0; i < 200 && (await loops())[0]!.closed_at === null; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await loops())[0]).toMatchObject({
      outcome: 'contacted',
      note: 'Called the CFO',
      closed_by: '@Ann Example',
    });
    await worker.runUntilIdle();
    const update = h.emulator.callsTo('chat.update').at(-1);
    expect(text(update?.body)).toContain('Contacted by @Ann Example');
    expect(text(update?.body)).not.toContain(ACTIONS.loopOutcome);
  });

  it('a loop past its clock escalates once', async () => {
    const escalate = allJobs().find((j) => j.name === 'escalate')!;
    h.ctx.clock = fixedClock('2026-11-25T10:15:00Z');
    const first = (await escalate.run(h.ctx, new Date('2026-11-25T10:15:00Z'))) as {
      loops: number;
    };
    const second = (await escalate.run(h.ctx, new Date('2026-11-25T10:30:00Z'))) as {
      loops: number;
    };
    expect([first.loops, second.loops]).toEqual([1, 0]);
    await worker.runUntilIdle();
    const esc = h.emulator
      .callsTo('chat.postMessage')
      .filter((c) => c.body.channel === 'C0ESC' && text(c.body).includes('loop'));
    expect(esc).toHaveLength(1);
    expect(text(esc[0]!.body)).toContain('Escalated: loop not closed in time');
    expect(text(esc[0]!.body)).toContain('Low CSAT');
    h.ctx.clock = fixedClock(NOW);
  });
});
