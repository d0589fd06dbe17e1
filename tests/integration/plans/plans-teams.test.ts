import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTIONS, encodeValue } from '../../../src/cards/actions';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { cardOf, type Harness, invoke, personal, startHarness, verbsOf } from '../teams/harness';

interface InvokeAnswer {
  statusCode: number;
  value: unknown;
}
const text = (v: unknown) => JSON.stringify(v);
const FORM = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

// The same plan on Teams, through the real CloudAdapter: "plan acme", the forms in place of the
// card (Action.Execute), Mark in progress… (a select), the account card's progress line.
describeEachDatabase('success plans on Teams', (get) => {
  let h: Harness;
  let acme: number;
  beforeAll(async () => {
    h = await startHarness(get());
    acme = await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      owner_email: 'jane@acme.com',
    });
  });
  afterAll(() => h.close());

  const click = async (verb: string, data: Record<string, unknown>) => {
    const res = await h.post(invoke(verb, data));
    expect(res.status).toBe(200);
    return (await res.json()) as InvokeAnswer;
  };

  it('"plan acme" answers the plan card with its buttons', async () => {
    await h.post(personal('plan acme'));
    const card = cardOf(h.standIn.calls.at(-1)!.body);
    expect(text(card)).toContain('Success plan: Acme Corp');
    expect(verbsOf(card)).toEqual(
      expect.arrayContaining([ACTIONS.planGoalOpen, ACTIONS.planMilestoneOpen]),
    );
  });

  it('Add milestone shows the form (owner: me); Save adds it once, recorded as mine from Teams', async () => {
    const form = await click(ACTIONS.planMilestoneOpen, {
      value: encodeValue(ACTIONS.planMilestoneOpen, { accountId: acme }),
    });
    expect(text(form.value)).toContain('"id":"due"');
    expect(text(form.value)).toContain('"value":"jane@acme.com"');
    expect(text(form.value)).toContain(ACTIONS.planMilestoneSave);
    const save = (owner: string) =>
      click(ACTIONS.planMilestoneSave, {
        value: encodeValue(ACTIONS.planMilestoneSave, { accountId: acme, form: FORM }),
        title: 'QBR deck sent',
        due: '2026-12-04',
        owner,
        status: 'planned',
      });
    expect(text((await save('not an address')).value)).toContain('An e-mail address.');
    const saved = await save('jane@acme.com');
    expect(text(saved.value)).toContain('Milestone added: QBR deck sent');
    expect(text(saved.value)).toContain('0/1 milestones done, next: QBR deck sent due 4 Dec');
    expect(text((await save('jane@acme.com')).value)).toContain('Already added.');
    const rows = await get().db.selectFrom('plan_milestones').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ owner_email: 'jane@acme.com', created_by: 'jane@acme.com' });
    const change = await get().db.selectFrom('plan_changes').selectAll().executeTakeFirstOrThrow();
    expect(change).toMatchObject({ change: 'added', by: 'jane@acme.com', source: 'teams' });
  });

  it('Mark in progress… (a select) moves it on; the account card shows the progress', async () => {
    const m = await get().db.selectFrom('plan_milestones').selectAll().executeTakeFirstOrThrow();
    const input = `${ACTIONS.planMilestoneStatus}.choice`;
    const moved = await click(ACTIONS.planMilestoneStatus, {
      input,
      [input]: encodeValue(ACTIONS.planMilestoneStatus, {
        milestoneId: m.id,
        status: 'in_progress',
      }),
    });
    expect(text(moved.value)).toContain('QBR deck sent: in progress');
    await h.post(personal('health acme'));
    const card = text(cardOf(h.standIn.calls.at(-1)!.body));
    expect(card).toContain('0/1 milestones done, next: QBR deck sent due 4 Dec');
    expect(card).toContain('Milestone: QBR deck sent');
  });

  it('Edit milestone shows it filled in; Save as done closes it and its follow-up', async () => {
    const m = await get().db.selectFrom('plan_milestones').selectAll().executeTakeFirstOrThrow();
    const form = await click(ACTIONS.planMilestoneOpen, {
      value: encodeValue(ACTIONS.planMilestoneOpen, { accountId: acme, milestoneId: m.id }),
    });
    expect(text(form.value)).toContain('Edit milestone');
    expect(text(form.value)).toContain('"value":"QBR deck sent"');
    const saved = await click(ACTIONS.planMilestoneSave, {
      value: encodeValue(ACTIONS.planMilestoneSave, {
        accountId: acme,
        milestoneId: m.id,
        form: '7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d',
      }),
      title: 'QBR deck sent',
      due: '2026-12-04',
      owner: 'jane@acme.com',
      status: 'done',
    });
    expect(text(saved.value)).toContain('1/1 milestones done');
    const followUp = await get()
      .db.selectFrom('follow_ups')
      .selectAll()
      .where('id', '=', m.follow_up_id!)
      .executeTakeFirstOrThrow();
    expect(followUp).toMatchObject({ status: 'done', done_by: 'jane@acme.com' });
  });

  it('Add goal shows the form; Save adds the goal', async () => {
    const form = await click(ACTIONS.planGoalOpen, {
      value: encodeValue(ACTIONS.planGoalOpen, { accountId: acme }),
    });
    expect(text(form.value)).toContain('"id":"outcome"');
    const empty = await click(ACTIONS.planGoalSave, {
      value: encodeValue(ACTIONS.planGoalSave, {
        accountId: acme,
        form: '8b3c4d5e-6f7a-4b2c-8d3e-4f5a6b7c8d9e',
      }),
      outcome: '',
    });
    expect(text(empty.value)).toContain('Say what the customer wants to achieve.');
    const saved = await click(ACTIONS.planGoalSave, {
      value: encodeValue(ACTIONS.planGoalSave, {
        accountId: acme,
        form: '8b3c4d5e-6f7a-4b2c-8d3e-4f5a6b7c8d9e',
      }),
      outcome: 'Every region live',
      target: '2027-06-30',
    });
    expect(text(saved.value)).toContain('Goal added: Every region live');
    expect(text(saved.value)).toContain('target 30 Jun 2027');
  });
});
