import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyRenewalAction } from '../../../src/app/renewal-actions';
import { ACTIONS } from '../../../src/cards/actions';
import { renewalCard } from '../../../src/cards/renewal-card';
import { interactionJson, viewJson } from '../../../src/chat/local/slack-payloads';
import { describeEachDatabase } from '../../helpers/database';
import { postInteraction } from '../../helpers/slack-signing';
import { ANN, buttonClick, type Harness, startHarness } from '../slack/harness';

const text = (v: unknown) => JSON.stringify(v);

// Mark churned → the card offers "Write churn review" → the modal asks a reason and what we
// learned → the review is stored once with its timeline.
describeEachDatabase('churn review on Slack', (get) => {
  let h: Harness;
  let acme: number;
  beforeAll(async () => {
    h = await startHarness(get().db);
    acme = (
      await get()
        .db.insertInto('accounts')
        .values({
          external_id: 'acme',
          name: 'Acme Corp',
          owner_email: ANN.email,
          renewal_date: '2026-12-01',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await get()
      .db.insertInto('alerts')
      .values({
        account_id: acme,
        rule: 'renewal_at_risk',
        summary: 'renewal at risk',
        fired_at: '2026-11-01T09:00:00Z',
      })
      .execute();
  });
  afterAll(() => h.close());

  it('the churned card offers the review; its modal stores one review with the timeline', async () => {
    const churned = await applyRenewalAction(
      h.ctx,
      { accountId: acme, renewalDate: '2026-12-01' },
      { kind: 'churned' },
      { id: ANN.id, name: '@Ann Example', platform: 'slack' },
      'churn-1',
    );
    expect(churned.changed).toBe(true);
    // The churned reminder offers the review (with Undo while it lasts, alone after).
    const card = (undoUntil: string | null) =>
      renewalCard({
        accountId: acme,
        name: 'Acme Corp',
        renewalDate: '2026-12-01',
        daysLeft: 8,
        arr: null,
        owner: null,
        score: null,
        band: null,
        churned: { undoUntil },
      });
    expect(text(card('10:10'))).toContain(ACTIONS.reviewOpen);
    expect(text(card(null))).toContain('Write churn review');
    const clicked = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.reviewOpen,
      value: JSON.stringify({ accountId: acme, kind: 'churn' }),
      responseUrl: h.emulator.responseUrl(),
      ephemeral: false,
    });
    expect((await postInteraction(h.eventsUrl, clicked)).status).toBe(200);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === clicked.trigger_id,
    );
    expect(text(open.body.view)).toContain('Main reason for the churn');
    expect(text(open.body.view)).toContain('Champion left');
    const modal = h.emulator.state.modalStack(ANN.id).at(-1)!;
    const noReason = await postInteraction(
      h.eventsUrl,
      interactionJson(ANN, null, { type: 'view_submission', view: viewJson(modal, {}) }),
    );
    expect(await noReason.json()).toMatchObject({
      response_action: 'errors',
      errors: { reason: 'Pick a reason.' },
    });
    const submission = interactionJson(ANN, null, {
      type: 'view_submission',
      view: viewJson(modal, {
        reason: {
          reason: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'Budget' }, value: 'budget' },
          },
        },
        learned: { learned: { type: 'plain_text_input', value: 'Talk to finance earlier' } },
      }),
    });
    await postInteraction(h.eventsUrl, submission);
    await postInteraction(h.eventsUrl, submission);
    await h.emulator.waitFor('chat.postMessage', (c) =>
      text(c.body).includes('Churn review saved'),
    );
    const reviews = await get().db.selectFrom('account_reviews').selectAll().execute();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({
      kind: 'churn',
      reason: 'budget',
      learned: 'Talk to finance earlier',
    });
    expect(text(reviews[0]!.timeline)).toContain('renewal at risk');
  });
});
