import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ACTION_IDS, type ActionId, encodeValue, OUT_OF_DATE } from '../../../src/cards/actions';
import { describeEachDatabase } from '../../helpers/database';
import { insertLoop } from '../../helpers/metrics-fixtures';
import { insertMilestone } from '../../helpers/plan-fixtures';
import { insertExpansionAlert, insertPlaybookRun } from '../../helpers/playbook-fixtures';
import { postInteraction } from '../../helpers/slack-signing';
import { ANN, buttonClick, type Harness, nextTrigger, seedAccounts, startHarness } from './harness';

type Element = 'button' | 'select' | 'user';

/** A click as Slack sends it for each kind of element: where the value rides differs. */
function clickOf(
  actionId: string,
  element: Element,
  value: string,
  responseUrl: string,
  container?: Record<string, unknown>,
) {
  const base = buttonClick({
    userId: ANN.id,
    actionId,
    value,
    responseUrl,
    ...(container ? { container } : {}),
  });
  const action =
    element === 'button'
      ? base.actions[0]
      : element === 'select'
        ? {
            type: 'static_select',
            action_id: actionId,
            block_id: 'b1',
            selected_option: { text: { type: 'plain_text', text: 'x' }, value },
            action_ts: `${Date.now() / 1000}`,
          }
        : {
            type: 'users_select',
            action_id: actionId,
            block_id: value,
            selected_user: ANN.id,
            action_ts: `${Date.now() / 1000}`,
          };
  return { ...base, trigger_id: nextTrigger(), actions: [action] };
}

describeEachDatabase('slack: every verb checks its value with its schema', (get) => {
  let h: Harness;
  let acme: number;
  let alertId: number;
  let followUpId: number;
  let loopId: number;
  let milestoneId: number;
  let stepId: number;
  let expansionId: number;
  beforeAll(async () => {
    ({ acme } = await seedAccounts(get().db));
    milestoneId = await insertMilestone(get().db, acme);
    loopId = await insertLoop(get().db, acme);
    stepId = (await insertPlaybookRun(get().db, acme))[0]!;
    expansionId = await insertExpansionAlert(get().db, acme);
    h = await startHarness(get().db);
    alertId = (
      await get()
        .db.insertInto('alerts')
        .values({
          account_id: acme,
          rule: 'inactivity',
          summary: 'No login for 15 days',
          fired_at: new Date('2026-11-23T09:00:00Z'),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    followUpId = (
      await get()
        .db.insertInto('follow_ups')
        .values({ account_id: acme, title: 'call', owner_email: ANN.email, created_by: ANN.email })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(() => h.close());
  afterEach(() => {
    expect(h.errors).toEqual([]);
  });

  /** A valid value for every button verb; a verb added without one fails to compile. */
  const samples = (): Record<
    Exclude<
      ActionId,
      | 'followup.log.modal'
      | 'renewal.renewed.date'
      | 'alert.note.modal'
      | 'alert.snooze.until'
      | 'loop.outcome.note'
      | 'review.save'
      // The message shortcut's modal (tests/integration/slack/timeline.test.ts).
      | 'timeline.log'
      | 'plan.goal.save'
      | 'plan.milestone.save'
      | 'routing.save'
    >,
    { element: Element; value: string }
  > => {
    const account = { accountId: acme };
    const alert = { alertId };
    const renewal = { accountId: acme, renewalDate: '2027-01-07' };
    const b = (value: string) => ({ element: 'button' as const, value });
    return {
      'account.pick': b(encodeValue('account.pick', account)),
      'card.share': b(encodeValue('card.share', account)),
      'card.refresh': b(encodeValue('card.refresh', account)),
      'list.page': b(encodeValue('list.page', { list: 'risk', offset: 0 })),
      'followup.log': b(encodeValue('followup.log', account)),
      'followup.list': b(encodeValue('followup.list', account)),
      'followup.done': b(encodeValue('followup.done', { followUpId, list: 'mine' })),
      'alert.ack': b(encodeValue('alert.ack', alert)),
      'alert.snooze': {
        element: 'select',
        value: encodeValue('alert.snooze', { alertId, for: '1h' }),
      },
      'alert.assign': { element: 'user', value: encodeValue('alert.assign', alert) },
      'alert.followup': b(encodeValue('alert.followup', alert)),
      'alert.note': b(encodeValue('alert.note', alert)),
      // Before Resolve: it resolves the alert too (and opens the save review modal).
      'alert.resolve.saved': b(encodeValue('alert.resolve.saved', alert)),
      'alert.resolve': b(encodeValue('alert.resolve', alert)),
      'loop.show': b(encodeValue('loop.show', { loopId })),
      'loop.outcome': b(encodeValue('loop.outcome', { loopId, outcome: 'contacted' })),
      'review.open': b(encodeValue('review.open', { accountId: acme, kind: 'churn' })),
      'plan.goal.open': b(encodeValue('plan.goal.open', account)),
      // "Edit milestone…" is a select whose options are the values.
      'plan.milestone.open': {
        element: 'select',
        value: encodeValue('plan.milestone.open', { accountId: acme, milestoneId }),
      },
      'plan.milestone.status': b(
        encodeValue('plan.milestone.status', { milestoneId, status: 'in_progress' }),
      ),
      'routing.edit': b(encodeValue('routing.edit', { settings: 1 })),
      'playbook.tick': b(encodeValue('playbook.tick', { stepId })),
      'opportunity.create': b(encodeValue('opportunity.create', { alertId: expansionId })),
      'renewal.plan': b(encodeValue('renewal.plan', renewal)),
      'renewal.followup': b(encodeValue('renewal.followup', renewal)),
      'renewal.renewed': b(encodeValue('renewal.renewed', renewal)),
      'renewal.snooze': b(encodeValue('renewal.snooze', renewal)),
      // Last: a churned account refuses later renewal clicks (which would still be valid).
      'renewal.churned': b(encodeValue('renewal.churned', renewal)),
      // After the churn: takes it back (the account is active again).
      'renewal.undo-churn': b(encodeValue('renewal.undo-churn', renewal)),
    };
  };

  /** What a click leaves behind: calls to Slack and rows it wrote. */
  async function trace() {
    const db = get().db;
    const rows = await Promise.all([
      db.selectFrom('alerts').select(['status', 'snoozed_until']).execute(),
      db.selectFrom('alert_events').select('id').execute(),
      db.selectFrom('follow_ups').select(['id', 'status']).execute(),
      db.selectFrom('playbook_steps').select(['id', 'done_at']).orderBy('id').execute(),
      db.selectFrom('opportunities').select('id').execute(),
      db.selectFrom('renewal_events').select('id').execute(),
      db.selectFrom('outbox').select('id').execute(),
      db.selectFrom('accounts').select(['status', 'renewal_date']).execute(),
    ]);
    return { calls: h.emulator.calls.length, rows: JSON.stringify(rows) };
  }
  const outOfDate = (from: number) =>
    h.emulator.calls.slice(from).filter((c) => JSON.stringify(c.body).includes('out of date'));

  it('has a sample for every button verb of the registry', () => {
    expect(Object.keys(samples()).sort()).toEqual([...ACTION_IDS].sort());
  });

  it('accepts a valid value for every verb: the handler runs, nothing is called out of date', async () => {
    for (const [verb, s] of Object.entries(samples())) {
      const before = await trace();
      const res = await postInteraction(
        h.eventsUrl,
        clickOf(
          verb,
          s.element,
          s.value,
          h.emulator.responseUrl(),
          // Refresh rewrites the shared copy: the strict emulator must know that message.
          verb === 'card.refresh'
            ? {
                type: 'message',
                message_ts: h.emulator.seedMessage('C0GENERAL', 'Acme Corp (shared)'),
                channel_id: 'C0GENERAL',
                is_ephemeral: false,
              }
            : undefined,
        ),
      );
      expect(res.status, verb).toBe(200);
      let after = await trace();
      for (let i = 0; i < 120 && JSON.stringify(after) === JSON.stringify(before); i++) {
        await new Promise((r) => setTimeout(r, 25));
        after = await trace();
      }
      expect(after, `${verb} left no trace`).not.toEqual(before);
      await new Promise((r) => setTimeout(r, 50));
      expect(outOfDate(before.calls), verb).toEqual([]);
    }
  });

  it('answers a value that fails its schema privately, for every verb, and changes nothing', async () => {
    for (const [verb, s] of Object.entries(samples())) {
      for (const bad of ['{"accountId":"1"}', 'not json', '']) {
        const before = await trace();
        const responseUrl = h.emulator.responseUrl();
        const res = await postInteraction(h.eventsUrl, clickOf(verb, s.element, bad, responseUrl));
        expect(res.status, verb).toBe(200);
        const answer = await h.emulator.waitFor(
          'response_url',
          (c) => c.body.path === new URL(responseUrl).pathname,
        );
        expect(answer.body, `${verb} ${bad}`).toMatchObject({
          response_type: 'ephemeral',
          replace_original: false,
          text: OUT_OF_DATE,
        });
        expect((await trace()).rows, verb).toBe(before.rows);
      }
    }
  });

  it('answers a click on an action_id it does not know (a card from an older Tend)', async () => {
    const responseUrl = h.emulator.responseUrl();
    const res = await postInteraction(
      h.eventsUrl,
      buttonClick({ userId: ANN.id, actionId: 'alert.escalate', value: '{}', responseUrl }),
    );
    expect(res.status).toBe(200);
    const answer = await h.emulator.waitFor(
      'response_url',
      (c) => c.body.path === new URL(responseUrl).pathname,
    );
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: OUT_OF_DATE });
  });

  it('a click from the Home tab (no response_url) is answered by direct message', async () => {
    const before = h.emulator.calls.length;
    const res = await postInteraction(
      h.eventsUrl,
      buttonClick({
        userId: ANN.id,
        actionId: 'account.pick',
        value: '{"accountId":-1}',
        view: { id: 'V0HOME', type: 'home' },
        container: { type: 'view', view_id: 'V0HOME' },
      }),
    );
    expect(res.status).toBe(200);
    const dm = await h.emulator.waitFor('chat.postMessage', (c) => c.body.channel === ANN.id);
    expect(dm.body.text).toBe(OUT_OF_DATE);
    expect(outOfDate(before)).toHaveLength(1);
  });

  it('Mark renewed opens the renewal-date modal from the card model; its Save records the date', async () => {
    const beta = (
      await get()
        .db.insertInto('accounts')
        .values({ external_id: 'beta', name: 'Beta Ltd', renewal_date: '2026-12-20' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const value = encodeValue('renewal.renewed', { accountId: beta, renewalDate: '2026-12-20' });
    const clicked = clickOf('renewal.renewed', 'button', value, h.emulator.responseUrl());
    await postInteraction(h.eventsUrl, clicked);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === clicked.trigger_id,
    );
    const view = open.body.view as {
      callback_id: string;
      private_metadata: string;
      blocks: Record<string, unknown>[];
    };
    expect(view.callback_id).toBe('renewal.renewed.date');
    expect(view.blocks[0]).toMatchObject({
      type: 'input',
      block_id: 'new_date',
      label: { text: 'Next renewal date of Beta Ltd' },
      element: { type: 'datepicker', action_id: 'new_date', initial_date: '2027-12-20' },
    });
    const submit = (date: string, id: string) =>
      postInteraction(h.eventsUrl, {
        type: 'view_submission',
        team: { id: 'T0LOCAL' },
        user: { id: ANN.id, team_id: 'T0LOCAL' },
        api_app_id: 'A0TEND',
        view: {
          id,
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: {
            values: { new_date: { new_date: { type: 'datepicker', selected_date: date } } },
          },
        },
      });
    const early = await submit('2026-12-01', 'V0RENEW1');
    expect(await early.json()).toEqual({
      response_action: 'errors',
      errors: { new_date: 'Pick a date after the current renewal date.' },
    });
    expect((await submit('2027-12-20', 'V0RENEW2')).status).toBe(200);
    for (let i = 0; i < 200; i++) {
      const row = await get()
        .db.selectFrom('accounts')
        .select('renewal_date')
        .where('id', '=', beta)
        .executeTakeFirstOrThrow();
      if (row.renewal_date === '2027-12-20') return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the new renewal date was not recorded');
  });
});
