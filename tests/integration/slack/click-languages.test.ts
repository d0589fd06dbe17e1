import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { postInteraction } from '../../helpers/slack-signing';
import { ANN, buttonClick, type Harness, seedAccounts, slashAs, startHarness } from './harness';

const LI = { id: 'U0LI', email: 'li@tend.test', name: '李华', locale: 'zh-CN' };

type Values = Record<string, Record<string, Record<string, unknown>>>;

// Every modal's field errors and the private notes after a click, in the clicker's language:
// signed view_submission and block_actions requests to the real Bolt app (the errors come back
// in the acknowledgement itself, as Slack wants them).
describeEachDatabase('slack: modal errors and click notes in the clicker’s language', (get) => {
  let h: Harness;
  let acme: number;
  let alertId: number;
  beforeAll(async () => {
    h = await startHarness(get().db);
    h.emulator.addUser(LI);
    ({ acme } = await seedAccounts(get().db));
    const alert = await get()
      .db.insertInto('alerts')
      .values({
        account_id: acme,
        rule: 'inactivity',
        summary: 'No login for 15 days',
        fired_at: new Date('2026-11-23T09:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    alertId = alert.id;
    // Tend learns each person's language from their profile on their first command.
    await slashAs(h, '/cs', 'help', LI.id);
    await slashAs(h, '/cs', 'help', ANN.id);
  });
  afterAll(() => h.close());

  let views = 0;
  /** The modal's Save as Slack sends it; the acknowledgement's field errors. */
  const submit = async (user: string, callbackId: string, meta: unknown, values: Values) => {
    const res = await postInteraction(h.eventsUrl, {
      type: 'view_submission',
      team: { id: 'T0LOCAL' },
      user: { id: user, team_id: 'T0LOCAL' },
      api_app_id: 'A0TEND',
      view: {
        id: `V0LANG${++views}`,
        type: 'modal',
        callback_id: callbackId,
        private_metadata: JSON.stringify(meta),
        state: { values },
      },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    return body.errors;
  };
  const input = (id: string, value: string) => ({ [id]: { [id]: { type: 'x', value } } });
  const date = (id: string, day: string) => ({
    [id]: { [id]: { type: 'datepicker', selected_date: day } },
  });

  it('says every modal’s field errors in Chinese to a zh-CN person', async () => {
    const followUp = { accountId: acme, channelId: null };
    expect(await submit(LI.id, 'followup.log.modal', followUp, input('title', ' '))).toEqual({
      title: '请写下要做的事。',
    });
    expect(
      await submit(LI.id, 'followup.log.modal', followUp, {
        ...input('title', 'QBR'),
        ...date('due', '2020-01-01'),
      }),
    ).toEqual({ due: '请选择今天或之后的日期。' });
    const onAlert = { alertId, channelId: null };
    expect(await submit(LI.id, 'alert.note.modal', onAlert, input('note', ''))).toEqual({
      note: '请填写备注。',
    });
    expect(
      await submit(LI.id, 'alert.snooze.until', onAlert, {
        ...date('until', '2020-01-01'),
        ...input('reason', 'budget'),
      }),
    ).toEqual({ until: '请选择今天或之后的日期。' });
    expect(
      await submit(LI.id, 'alert.snooze.until', onAlert, {
        ...date('until', '2026-12-20'),
        ...input('reason', ' '),
      }),
    ).toEqual({ reason: '请说明暂缓的原因。' });
    expect(await submit(LI.id, 'review.save', { accountId: acme, kind: 'churn' }, {})).toEqual({
      reason: '请选择一个原因。',
    });
    const renewal = { accountId: acme, renewalDate: '2027-01-07' };
    expect(
      await submit(LI.id, 'renewal.renewed.date', renewal, date('new_date', '2026-12-01')),
    ).toEqual({ new_date: '请选择晚于当前续约日期的日期。' });
    const log = { channelId: 'C0GEN', ts: '1732350000.000100', authorId: ANN.id };
    expect(
      await submit(LI.id, 'timeline.log', log, {
        ...input('account', 'zzqqxx'),
        ...input('text', 'QBR in January'),
      }),
    ).toEqual({ account: '没有与“zzqqxx”匹配的客户。' });
    expect(await submit(LI.id, 'timeline.log', log, input('text', ' '))).toEqual({
      text: '请说明发生了什么，例如：与 CFO 通话。',
    });
    expect(await submit(LI.id, 'plan.goal.save', { accountId: acme, channelId: null }, {})).toEqual(
      { outcome: '请说明客户想要达成什么。' },
    );
    expect(
      await submit(LI.id, 'plan.milestone.save', { accountId: acme, channelId: null }, {}),
    ).toEqual({ title: '请为里程碑命名。', due: '请选择截止日期。' });
    expect(
      await submit(LI.id, 'loop.outcome.note', { loopId: 1, outcome: 'contacted' }, {}),
    ).toEqual({ note: '请简单说明发生了什么。' });
  });

  it('keeps them in English for an English person', async () => {
    expect(await submit(ANN.id, 'review.save', { accountId: acme, kind: 'churn' }, {})).toEqual({
      reason: 'Pick a reason.',
    });
    expect(
      await submit(
        ANN.id,
        'alert.snooze.until',
        { alertId, channelId: null },
        {
          ...date('until', '2026-12-20'),
          ...input('reason', ' '),
        },
      ),
    ).toEqual({ reason: 'Say why it is snoozed.' });
  });

  it('answers an out-of-date click privately in Chinese', async () => {
    const responseUrl = h.emulator.responseUrl();
    const res = await postInteraction(
      h.eventsUrl,
      buttonClick({ userId: LI.id, actionId: 'alert.escalate', value: '{}', responseUrl }),
    );
    expect(res.status).toBe(200);
    const answer = await h.emulator.waitFor(
      'response_url',
      (c) => c.body.path === new URL(responseUrl).pathname,
    );
    expect(answer.body).toMatchObject({
      response_type: 'ephemeral',
      text: '这个按钮已过期。请重新运行命令，获取最新卡片。',
    });
  });

  it('opens the review form and Mark renewed in the clicker’s language', async () => {
    const open = async (actionId: string, value: unknown) => {
      const before = h.emulator.calls.length;
      const res = await postInteraction(
        h.eventsUrl,
        buttonClick({
          userId: LI.id,
          actionId,
          value: JSON.stringify(value),
          responseUrl: h.emulator.responseUrl(),
        }),
      );
      expect(res.status).toBe(200);
      const opened = await h.emulator.waitFor(
        'views.open',
        (c) => h.emulator.calls.indexOf(c) >= before,
      );
      return JSON.stringify(opened.body);
    };
    const review = await open('review.open', { accountId: acme, kind: 'churn' });
    expect(review).toContain('流失复盘');
    expect(review).toContain('保存');
    expect(review).not.toContain('Churn review');
    expect(review).not.toContain('Main reason');
    const renewed = await open('renewal.renewed', { accountId: acme, renewalDate: '2027-01-07' });
    expect(renewed).toContain('的下次续约日期');
    expect(renewed).not.toContain('Next renewal date');
  });
});
