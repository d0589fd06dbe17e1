import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTION_IDS, type ActionId, encodeValue, OUT_OF_DATE } from '../../../src/cards/actions';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { insertLoop } from '../../helpers/metrics-fixtures';
import { insertMilestone } from '../../helpers/plan-fixtures';
import { insertExpansionAlert, insertPlaybookRun } from '../../helpers/playbook-fixtures';
import { findAll, type Harness, invoke, startHarness } from './harness';

interface InvokeAnswer {
  statusCode: number;
  type: string;
  value: unknown;
}
const MESSAGE = 'application/vnd.microsoft.activity.message';

describeEachDatabase('teams: every verb checks its value with its schema', (get) => {
  let h: Harness;
  let acme: number;
  let alertId: number;
  let followUpId: number;
  beforeAll(async () => {
    h = await startHarness(get());
    h.standIn.members.set('aad-bob', { id: '29:bob', name: 'Bob Smith', aadObjectId: 'aad-bob' });
    acme = await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'jane@acme.com',
    });
    milestoneId = await insertMilestone(get().db, acme);
    await get()
      .db.updateTable('accounts')
      .set({ renewal_date: '2027-01-07' })
      .where('id', '=', acme)
      .execute();
    loopId = await insertLoop(get().db, acme);
    stepId = (await insertPlaybookRun(get().db, acme))[0]!;
    expansionId = await insertExpansionAlert(get().db, acme);
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
        .values({ account_id: acme, title: 'call', owner_email: 'jane@acme.com', created_by: 'x' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  let loopId: number;
  let milestoneId: number;
  let stepId: number;
  let expansionId: number;
  afterAll(() => h.close());

  const click = async (verb: string, data: Record<string, unknown>) => {
    const res = await h.post(invoke(verb, data));
    expect(res.status, verb).toBe(200);
    return (await res.json()) as InvokeAnswer;
  };

  /**
   * The data of a valid click for every verb Teams answers (a select's value is the chosen
   * option; a form's Save carries its inputs), and what the answer must show.
   */
  const samples = (): Record<
    // timeline.log comes as a message action's submit (tests/integration/teams/timeline.test.ts).
    Exclude<ActionId, 'followup.log.modal' | 'alert.note.modal' | 'timeline.log'>,
    { data: Record<string, unknown>; shows: RegExp }
  > => {
    const account = { accountId: acme };
    const alert = { alertId };
    const renewal = { accountId: acme, renewalDate: '2027-01-07' };
    const v = <V extends ActionId>(verb: V, value: Parameters<typeof encodeValue<V>>[1]) => ({
      value: encodeValue(verb, value),
    });
    return {
      // Posted below the list (which stays): the invoke says so.
      'account.pick': { data: v('account.pick', account), shows: /Sent below/ },
      'card.share': { data: v('card.share', account), shows: /@mention Tend in a channel/ },
      'card.refresh': { data: v('card.refresh', account), shows: /Refreshed by Jane Doe/ },
      'list.page': { data: v('list.page', { list: 'risk', offset: 0 }), shows: /Sent below/ },
      'followup.log': { data: v('followup.log', account), shows: /"id":"title"/ },
      'followup.list': { data: v('followup.list', account), shows: /Sent below/ },
      'followup.done': { data: v('followup.done', { followUpId }), shows: /Done: call/ },
      'alert.ack': { data: v('alert.ack', alert), shows: /Acknowledged/i },
      'alert.snooze': {
        data: {
          input: 'alert.snooze.choice',
          'alert.snooze.choice': encodeValue('alert.snooze', { alertId, for: '1h' }),
        },
        shows: /for 1 hour/,
      },
      'alert.assign': {
        data: { ...v('alert.assign', alert), input: 'c', c: 'aad-bob' },
        shows: /Bob Smith/,
      },
      'alert.followup': { data: v('alert.followup', alert), shows: /"id":"title"/ },
      'alert.note': { data: v('alert.note', alert), shows: /"id":"note"/ },
      'alert.snooze.until': {
        data: {
          ...v('alert.snooze.until', { alertId, form: '5b8f8b9e-8f7c-4c36-9a43-1f4d7e0b9a11' }),
          until: '2026-12-01',
          reason: 'budget review',
        },
        shows: /until after 1 Dec: budget review/,
      },
      // Before Resolve: it resolves the alert and answers the save review form.
      'alert.resolve.saved': {
        data: v('alert.resolve.saved', alert),
        shows: /What saved it/,
      },
      'alert.resolve': { data: v('alert.resolve', alert), shows: /Resolved/i },
      'loop.show': { data: v('loop.show', { loopId }), shows: /Sent below/ },
      'loop.outcome': {
        data: v('loop.outcome', { loopId, outcome: 'contacted' }),
        shows: /"id":"note"/,
      },
      'loop.outcome.note': {
        data: {
          ...v('loop.outcome.note', { loopId, outcome: 'contacted' }),
          note: 'Called the CFO',
        },
        shows: /Contacted: loop closed/,
      },
      'review.open': {
        data: v('review.open', { accountId: acme, kind: 'churn' }),
        shows: /"id":"reason"/,
      },
      'review.save': {
        data: { ...v('review.save', { accountId: acme, kind: 'save' }), reason: 'support' },
        shows: /Save review saved/,
      },
      'plan.goal.open': { data: v('plan.goal.open', account), shows: /"id":"outcome"/ },
      'plan.goal.save': {
        data: {
          ...v('plan.goal.save', { accountId: acme, form: '0b6c2d8e-3f1a-4b7c-9d2e-5a6b7c8d9e0f' }),
          outcome: 'Halve onboarding time',
        },
        shows: /Goal added: Halve onboarding time/,
      },
      'plan.milestone.open': { data: v('plan.milestone.open', account), shows: /"id":"due"/ },
      'plan.milestone.save': {
        data: {
          ...v('plan.milestone.save', {
            accountId: acme,
            form: '1c7d3e9f-4a2b-4c8d-8e3f-6b7c8d9e0f1a',
          }),
          title: 'Kickoff',
          due: '2026-12-01',
          owner: 'jane@acme.com',
          status: 'planned',
        },
        shows: /Milestone added: Kickoff/,
      },
      'plan.milestone.status': {
        data: v('plan.milestone.status', { milestoneId, status: 'done' }),
        shows: /Admins trained: done/,
      },
      'routing.edit': { data: v('routing.edit', { settings: 1 }), shows: /"id":"quiet"/ },
      'routing.save': {
        data: {
          ...v('routing.save', { settings: 1, form: '5b8f8b9e-8f7c-4c36-9a43-1f4d7e0b9a12' }),
          delivery: 'dm',
          scope: 'team',
          filters: '',
          hours: '',
          quiet: '20:00-08:00',
        },
        shows: /Quiet hours.*20:00-08:00/,
      },
      'playbook.tick': {
        data: v('playbook.tick', { stepId }),
        shows: /ticked by @Jane Doe/,
      },
      'opportunity.create': {
        data: v('opportunity.create', { alertId: expansionId }),
        shows: /Opportunity created by @Jane Doe/,
      },
      'renewal.plan': { data: v('renewal.plan', renewal), shows: /Renewal plan started/ },
      'renewal.followup': { data: v('renewal.followup', renewal), shows: /"id":"title"/ },
      'renewal.renewed': { data: v('renewal.renewed', renewal), shows: /"id":"new_date"/ },
      'renewal.snooze': {
        data: v('renewal.snooze', renewal),
        shows: /Snoozed by @Jane Doe for 7 days/,
      },
      'renewal.renewed.date': {
        data: { ...v('renewal.renewed.date', renewal), new_date: '2028-01-07' },
        shows: /Marked renewed by @Jane Doe \(next renewal 2028-01-07\)/,
      },
      // Last: the renewal is decided by now, so the use case says so (a clear answer).
      'renewal.churned': { data: v('renewal.churned', renewal), shows: /Already marked renewed/ },
      // The renewal now due (2028) was never churned: the use case says so.
      'renewal.undo-churn': {
        data: v('renewal.undo-churn', { accountId: acme, renewalDate: '2028-01-07' }),
        shows: /Acme Corp is not marked churned/,
      },
    };
  };

  it('has a sample for every verb it answers', () => {
    const verbs = Object.keys(samples()).sort();
    expect(verbs).toEqual(
      [
        ...ACTION_IDS,
        'renewal.renewed.date',
        'alert.snooze.until',
        'loop.outcome.note',
        'review.save',
        'plan.goal.save',
        'plan.milestone.save',
        'routing.save',
      ].sort(),
    );
  });

  it('accepts a valid value for every verb and answers with what the handler did', async () => {
    for (const [verb, s] of Object.entries(samples())) {
      const answer = await click(verb, s.data);
      expect(answer.statusCode, verb).toBe(200);
      const shown = JSON.stringify(answer.value);
      expect(shown, verb).not.toContain('out of date');
      expect(shown, verb).not.toContain('not available in Teams');
      expect(shown, verb).toMatch(s.shows);
    }
    const account = await get()
      .db.selectFrom('accounts')
      .select('renewal_date')
      .where('id', '=', acme)
      .executeTakeFirstOrThrow();
    expect(account.renewal_date).toBe('2028-01-07');
  });

  it('answers a value that fails its schema with a message card (200), for every verb', async () => {
    for (const verb of Object.keys(samples())) {
      for (const bad of ['{"accountId":"1"}', 'not json', '{}']) {
        const answer = await click(verb, { value: bad });
        expect(answer, `${verb} ${bad}`).toEqual({
          statusCode: 200,
          type: MESSAGE,
          value: OUT_OF_DATE,
        });
      }
    }
  });

  it('answers an unknown verb, and a select sent with nothing chosen, in words', async () => {
    expect(await click('alert.escalate', { value: '{"alertId":1}' })).toMatchObject({
      type: MESSAGE,
      value: OUT_OF_DATE,
    });
    expect(await click('alert.snooze', { input: 'alert.snooze.choice' })).toMatchObject({
      type: MESSAGE,
      value: 'Pick one first.',
    });
  });

  it('the renewal-date form refuses a date not after the current renewal', async () => {
    const renewal = { accountId: acme, renewalDate: '2028-01-07' };
    const form = await click('renewal.renewed', {
      value: encodeValue('renewal.renewed', renewal),
    });
    const save = findAll(form.value, 'verb').find((a) => a.type === 'Action.Execute');
    const data = save?.data as Record<string, unknown>;
    expect(data.verb).toBe('renewal.renewed.date');
    const refused = await click('renewal.renewed.date', { ...data, new_date: '2027-06-01' });
    expect(refused).toMatchObject({
      type: MESSAGE,
      value: expect.stringMatching(/Pick a date after/),
    });
  });
});
