import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/cards/actions';
import { interactionJson, viewJson } from '../../../src/chat/local/slack-payloads';
import { describeEachDatabase } from '../../helpers/database';
import { postInteraction } from '../../helpers/slack-signing';
import { ANN, buttonClick, type Harness, startHarness } from '../slack/harness';

const text = (v: unknown) => JSON.stringify(v);

// Resolved · saved on an alert card: the alert is resolved (its history says saved), the save
// review modal opens, and its Save stores one save review that /stats counts as a save reason.
describeEachDatabase('save review on Slack', (get) => {
  let h: Harness;
  let acme: number;
  let alertId: number;
  beforeAll(async () => {
    h = await startHarness(get().db);
    acme = (
      await get()
        .db.insertInto('accounts')
        .values({ external_id: 'acme', name: 'Acme Corp', owner_email: ANN.email })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    alertId = (
      await get()
        .db.insertInto('alerts')
        .values({
          account_id: acme,
          rule: 'usage_decline',
          summary: 'active users down 40%',
          fired_at: '2026-11-01T09:00:00Z',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => h.close());

  it('resolves the alert as saved and opens the save review; Save stores it once', async () => {
    const clicked = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.alertResolveSaved,
      value: JSON.stringify({ alertId }),
      responseUrl: h.emulator.responseUrl(),
      ephemeral: false,
    });
    expect((await postInteraction(h.eventsUrl, clicked)).status).toBe(200);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === clicked.trigger_id,
    );
    expect(text(open.body.view)).toContain('What saved it');
    const alert = await get()
      .db.selectFrom('alerts')
      .selectAll()
      .where('id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(alert.status).toBe('resolved');
    const event = await get()
      .db.selectFrom('alert_events')
      .selectAll()
      .where('alert_id', '=', alertId)
      .executeTakeFirstOrThrow();
    expect(event.action).toBe('resolve');
    expect(text(event.details)).toContain('saved');

    const modal = h.emulator.state.modalStack(ANN.id).at(-1)!;
    const submission = interactionJson(ANN, null, {
      type: 'view_submission',
      view: viewJson(modal, {
        reason: {
          reason: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'Support' }, value: 'support' },
          },
        },
        learned: { learned: { type: 'plain_text_input', value: 'A weekly call fixed it' } },
      }),
    });
    await postInteraction(h.eventsUrl, submission);
    await postInteraction(h.eventsUrl, submission);
    await h.emulator.waitFor('chat.postMessage', (c) => text(c.body).includes('Save review saved'));
    const reviews = await get().db.selectFrom('account_reviews').selectAll().execute();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ account_id: acme, kind: 'save', reason: 'support' });
    expect(text(reviews[0]!.timeline)).toContain('active users down 40%');
  });

  it('a second click on a resolved alert opens no form and says why', async () => {
    const calls = h.emulator.callsTo('views.open').length;
    const again = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.alertResolveSaved,
      value: JSON.stringify({ alertId }),
      responseUrl: h.emulator.responseUrl(),
      ephemeral: false,
    });
    await postInteraction(h.eventsUrl, again);
    await h.emulator.waitFor('response_url', (c) => text(c.body).includes('Already resolved'));
    expect(h.emulator.callsTo('views.open')).toHaveLength(calls);
  });
});
