import { afterAll, beforeAll, expect, it } from 'vitest';
import { planCardById, saveMilestone, setMilestoneStatus } from '../../../src/app/plans';
import { ACTIONS, encodeValue } from '../../../src/cards/actions';
import { interactionJson, viewJson } from '../../../src/chat/local/slack-payloads';
import { describeEachDatabase } from '../../helpers/database';
import { commandBody, postCommand, postInteraction } from '../../helpers/slack-signing';
import {
  ANN,
  buttonClick,
  type Harness,
  nextTrigger,
  seedAccounts,
  startHarness,
} from '../slack/harness';

const text = (v: unknown) => JSON.stringify(v);

// /plan on Slack, through the real Bolt receiver and the emulator: the card, its modals (from
// the card model), the Done button, the linked follow-up (a milestone past due is a follow-up
// due: /followups and the account card say so), and the change history.
describeEachDatabase('success plans on Slack', (get) => {
  let h: Harness;
  let acme: number;
  beforeAll(async () => {
    ({ acme } = await seedAccounts(get().db));
    h = await startHarness(get().db);
  });
  afterAll(() => h.close());

  async function slash(command: string, words: string) {
    const res = await postCommand(
      h.eventsUrl,
      commandBody({
        command,
        text: words,
        user_id: ANN.id,
        trigger_id: nextTrigger(),
        response_url: h.emulator.responseUrl(),
      }),
    );
    expect(res.status).toBe(200);
    return text(await res.json());
  }

  const milestones = () =>
    get().db.selectFrom('plan_milestones').selectAll().orderBy('id').execute();

  it('/plan acme answers the plan card privately, with Add goal and Add milestone', async () => {
    const card = await slash('/plan', 'acme');
    expect(card).toContain('"response_type":"ephemeral"');
    expect(card).toContain('Success plan: Acme Corp');
    expect(card).toContain('no milestones yet');
    expect(card).toContain(ACTIONS.planGoalOpen);
    expect(card).toContain(ACTIONS.planMilestoneOpen);
  });

  it('Add milestone opens its modal; Save (twice) adds one milestone, its follow-up and a change', async () => {
    const click = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.planMilestoneOpen,
      value: encodeValue(ACTIONS.planMilestoneOpen, { accountId: acme }),
      responseUrl: h.emulator.responseUrl(),
    });
    expect((await postInteraction(h.eventsUrl, click)).status).toBe(200);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === click.trigger_id,
    );
    expect(text(open.body.view)).toContain('Add milestone');
    // The owner picker starts on the person who clicked.
    expect(text(open.body.view)).toContain(`"initial_user":"${ANN.id}"`);
    const modal = h.emulator.state.modalStack(ANN.id).at(-1)!;
    const empty = await postInteraction(
      h.eventsUrl,
      interactionJson(ANN, null, { type: 'view_submission', view: viewJson(modal, {}) }),
    );
    expect(await empty.json()).toMatchObject({
      response_action: 'errors',
      errors: { title: 'Name the milestone.', due: 'Pick the due date.' },
    });
    const submission = interactionJson(ANN, null, {
      type: 'view_submission',
      view: viewJson(modal, {
        title: { title: { type: 'plain_text_input', value: 'Kickoff workshop' } },
        // Three days ago: a plan written after the fact; the milestone is overdue at once.
        due: { due: { type: 'datepicker', selected_date: '2026-11-20' } },
        owner: { owner: { type: 'users_select', selected_user: ANN.id } },
        status: {
          status: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'planned' }, value: 'planned' },
          },
        },
      }),
    });
    await postInteraction(h.eventsUrl, submission);
    await postInteraction(h.eventsUrl, submission);
    const told = await h.emulator.waitFor('chat.postEphemeral', (c) =>
      text(c.body).includes('Milestone added: Kickoff workshop'),
    );
    expect(text(told.body)).toContain('0/1 milestones done, 1 overdue');
    const rows = await milestones();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      title: 'Kickoff workshop',
      due_on: '2026-11-20',
      owner_email: ANN.email,
      status: 'planned',
      created_by: ANN.email,
    });
    const followUp = await get()
      .db.selectFrom('follow_ups')
      .selectAll()
      .where('id', '=', rows[0]!.follow_up_id!)
      .executeTakeFirstOrThrow();
    expect(followUp).toMatchObject({
      title: 'Milestone: Kickoff workshop',
      due_on: '2026-11-20',
      owner_email: ANN.email,
      status: 'open',
      source: 'plan',
    });
    const changes = await get().db.selectFrom('plan_changes').selectAll().execute();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ change: 'added', by: ANN.email, source: 'slack' });
  });

  it('the overdue milestone is a follow-up due: /followups and the account card show it', async () => {
    const mine = await slash('/followups', '');
    expect(mine).toContain('Milestone: Kickoff workshop');
    expect(mine).toContain('overdue 3d');
    const card = await slash('/health', 'acme');
    expect(card).toContain('Milestone: Kickoff workshop');
    expect(card).toContain(
      '*Plan*\\n0/1 milestones done, 1 overdue, next: Kickoff workshop due 20 Nov',
    );
  });

  it('Done on the row rewrites the card, closes the follow-up and records who', async () => {
    const [m] = await milestones();
    const responseUrl = h.emulator.responseUrl();
    await postInteraction(
      h.eventsUrl,
      buttonClick({
        userId: ANN.id,
        actionId: ACTIONS.planMilestoneStatus,
        value: encodeValue(ACTIONS.planMilestoneStatus, { milestoneId: m!.id, status: 'done' }),
        responseUrl,
      }),
    );
    const answer = await h.emulator.waitFor(
      'response_url',
      (c) => c.body.path === new URL(responseUrl).pathname,
    );
    expect(answer.body).toMatchObject({ replace_original: true });
    expect(text(answer.body)).toContain('1/1 milestones done');
    const followUp = await get()
      .db.selectFrom('follow_ups')
      .selectAll()
      .where('id', '=', m!.follow_up_id!)
      .executeTakeFirstOrThrow();
    expect(followUp).toMatchObject({ status: 'done', done_by: ANN.email });
    const change = await get()
      .db.selectFrom('plan_changes')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(change).toMatchObject({ change: 'status', by: ANN.email, source: 'slack' });
    expect(change.details).toMatchObject({ from: 'planned', to: 'done' });
    expect(await slash('/health', 'acme')).toContain('*Plan*\\n1/1 milestones done');
    expect(await slash('/followups', '')).not.toContain('Milestone: Kickoff workshop');
  });

  it("Done on a milestone's follow-up in /followups marks the milestone done too", async () => {
    const added = await saveMilestone(h.ctx, {
      accountId: acme,
      fields: {
        title: 'Admins trained',
        dueOn: '2026-12-10',
        ownerEmail: ANN.email,
        status: 'planned',
      },
      editor: { by: ANN.email, source: 'slack' },
      requestKey: 'test:admins',
    });
    expect(added.message).toBe('Milestone added: Admins trained');
    const m = (await milestones()).find((r) => r.title === 'Admins trained')!;
    await postInteraction(
      h.eventsUrl,
      buttonClick({
        userId: ANN.id,
        actionId: ACTIONS.followUpDone,
        value: encodeValue(ACTIONS.followUpDone, { followUpId: m.follow_up_id!, list: 'mine' }),
        responseUrl: h.emulator.responseUrl(),
      }),
    );
    for (let i = 0; i < 100; i++) {
      const now = (await milestones()).find((r) => r.id === m.id)!;
      if (now.status === 'done') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await milestones()).find((r) => r.id === m.id)).toMatchObject({ status: 'done' });
    const change = await get()
      .db.selectFrom('plan_changes')
      .selectAll()
      .where('subject_id', '=', m.id)
      .where('change', '=', 'status')
      .executeTakeFirstOrThrow();
    expect(change).toMatchObject({ source: 'follow-up', by: ANN.email });
  });

  it('an editor who reads Chinese gets the note, the card and its last-change line in Chinese', async () => {
    const added = await saveMilestone(h.ctx, {
      accountId: acme,
      fields: { title: 'QBR', dueOn: '2026-12-20', ownerEmail: ANN.email, status: 'planned' },
      editor: { by: ANN.email, source: 'slack', locale: 'zh-CN' },
      requestKey: 'test:qbr-zh',
    });
    expect(added.message).toBe('已添加里程碑：QBR');
    const card = JSON.stringify(added.card);
    expect(card).toContain(`最近更改：里程碑“QBR”由 ${ANN.email} 于`);
    expect(card).toContain('添加');
    const done = await setMilestoneStatus(
      h.ctx,
      (await milestones()).find((r) => r.title === 'QBR')!.id,
      'done',
      { by: ANN.email, source: 'slack', locale: 'zh-CN' },
    );
    expect(done.message).toBe('✅ QBR：已完成');
    expect(JSON.stringify(done.card)).toMatch(/里程碑“QBR”由 \S+ 于\S+标记为已完成/);
    // The same change read in English.
    const en = JSON.stringify(await planCardById(h.ctx, acme, undefined, 'en'));
    expect(en).toMatch(/milestone \\"QBR\\" marked done by \S+ on \d+ \w+/);
  });

  it('Add goal opens its modal; Save adds the goal; Edit opens it filled in', async () => {
    const click = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.planGoalOpen,
      value: encodeValue(ACTIONS.planGoalOpen, { accountId: acme }),
      responseUrl: h.emulator.responseUrl(),
    });
    await postInteraction(h.eventsUrl, click);
    await h.emulator.waitFor('views.open', (c) => c.body.trigger_id === click.trigger_id);
    const modal = h.emulator.state.modalStack(ANN.id).at(-1)!;
    await postInteraction(
      h.eventsUrl,
      interactionJson(ANN, null, {
        type: 'view_submission',
        view: viewJson(modal, {
          outcome: { outcome: { type: 'plain_text_input', value: 'Halve onboarding time' } },
          measure: { measure: { type: 'plain_text_input', value: 'days to first report 20 → 10' } },
          target: { target: { type: 'datepicker', selected_date: '2027-03-31' } },
        }),
      }),
    );
    await h.emulator.waitFor('chat.postEphemeral', (c) =>
      text(c.body).includes('Goal added: Halve onboarding time'),
    );
    const goal = await get().db.selectFrom('plan_goals').selectAll().executeTakeFirstOrThrow();
    expect(goal).toMatchObject({
      outcome: 'Halve onboarding time',
      measure: 'days to first report 20 → 10',
      target_on: '2027-03-31',
      created_by: ANN.email,
    });
    const edit = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.planGoalOpen,
      value: encodeValue(ACTIONS.planGoalOpen, { accountId: acme, goalId: goal.id }),
      responseUrl: h.emulator.responseUrl(),
    });
    await postInteraction(h.eventsUrl, edit);
    const opened = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === edit.trigger_id,
    );
    expect(text(opened.body.view)).toContain('Edit goal');
    expect(text(opened.body.view)).toContain('"initial_value":"Halve onboarding time"');
  });
});
