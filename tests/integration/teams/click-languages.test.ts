import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { findAll, type Harness, inChannel, invoke, personal, startHarness } from './harness';

interface Answer {
  type: string;
  value: unknown;
}

const ZH = { locale: 'zh-CN' };

// A click answers in the clicker's language (the activity's locale): the alert card handed back
// in the invoke answer, the notes after a click, the form checks, Log to account's task module.
describeEachDatabase('Teams: clicks answered in the clicker’s language', (get) => {
  let h: Harness;
  let alertId: number;
  let acme: number;
  beforeAll(async () => {
    h = await startHarness(get());
    acme = await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      renewal_date: '2027-01-07',
    });
    const alert = await get()
      .db.insertInto('alerts')
      .values({
        account_id: acme,
        rule: 'inactivity',
        summary: 'No login for 15 days',
        fired_at: new Date('2026-11-23T09:00:00Z'),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    alertId = alert.id;
  });
  afterAll(() => h.close());

  const channelClick = (verb: string, data: Record<string, unknown>, over = ZH) => {
    const { conversation, channelData } = inChannel('');
    return invoke(verb, data, { conversation, channelData, ...over });
  };
  const click = async (activity: Record<string, unknown>) =>
    (await (await h.post(activity)).json()) as Answer;

  it('hands a zh-CN clicker the acknowledged alert card in Chinese', async () => {
    const answer = await click(channelClick('alert.ack', { value: JSON.stringify({ alertId }) }));
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = JSON.stringify(answer.value);
    expect(card).toContain('@Jane Doe 于');
    expect(card).toContain('确认');
    expect(card).not.toContain('Acknowledged by');
    // The moot second click is said in Chinese too.
    const again = await click(channelClick('alert.ack', { value: JSON.stringify({ alertId }) }));
    expect(String(again.value)).toBe('已由 @Jane Doe 确认。');
  });

  it('says the notes after a click in Chinese, and in English to an en-US clicker', async () => {
    const value = JSON.stringify({ alertId });
    const noOne = await click(
      channelClick('alert.assign', { value, input: 'alert.assign.choice' }),
    );
    expect(noOne).toMatchObject({
      type: 'application/vnd.microsoft.activity.message',
      value: '请先选择要指派的人。',
    });
    const noDate = await click(channelClick('alert.snooze.until', { value }));
    expect(noDate.value).toBe('请选择日期并说明原因。');
    const stale = await click(channelClick('no.such.verb', { value }));
    expect(stale.value).toBe('这个按钮已过期。请重新运行命令，获取最新卡片。');
    const english = await click(
      channelClick('alert.assign', { value, input: 'alert.assign.choice' }, { locale: 'en-US' }),
    );
    expect(english.value).toBe('Pick someone to assign first.');
  });

  it('checks the review, renewal-date and snooze-until forms in Chinese', async () => {
    const review = JSON.stringify({ accountId: acme, kind: 'churn', form: randomUUID() });
    const form = await click(
      channelClick('review.open', { value: JSON.stringify({ accountId: acme, kind: 'churn' }) }),
    );
    const shown = JSON.stringify(form.value);
    expect(shown).toContain('流失复盘');
    expect(shown).not.toContain('Churn review');
    expect(shown).not.toContain('"Save"');
    const noReason = await click(channelClick('review.save', { value: review }));
    expect(noReason.value).toBe('请选择一个原因。');
    const ref = JSON.stringify({ accountId: acme, renewalDate: '2027-01-07' });
    const renewForm = JSON.stringify(
      (await click(channelClick('renewal.renewed', { value: ref }))).value,
    );
    expect(renewForm).toContain('Acme Corp 的下次续约日期');
    const early = await click(
      channelClick('renewal.renewed.date', { value: ref, new_date: '2026-12-01' }),
    );
    expect(early.value).toBe('请选择晚于当前续约日期（2027-01-07）的日期。');
    const past = await click(
      channelClick('alert.snooze.until', {
        value: JSON.stringify({ alertId, form: randomUUID() }),
        until: '2026-11-01',
        reason: 'budget',
      }),
    );
    expect(past.value).toBe('请选择今天或之后的日期。');
  });

  it('Log to account: the task module and its problem on the account field in Chinese', async () => {
    const action = (name: 'fetchTask' | 'submitAction', data?: Record<string, unknown>) =>
      personal('', {
        type: 'invoke',
        name: `composeExtension/${name}`,
        text: undefined,
        locale: 'zh-CN',
        value: {
          commandId: 'logToAccount',
          commandContext: 'message',
          messagePayload: { id: '1', body: { contentType: 'text', content: 'QBR in January' } },
          ...(data ? { data } : {}),
        },
      });
    const fetched = (await (await h.post(action('fetchTask'))).json()) as {
      task: { value: { title: string; card: { content: unknown } } };
    };
    expect(fetched.task.value.title).toBe('记录到客户');
    const save = findAll(fetched.task.value.card.content, 'type').find(
      (e) => e.type === 'Action.Submit',
    );
    expect(save?.title).toBe('保存');
    const data = { ...(save!.data as object), account: 'Initech', text: 'QBR in January' };
    const refused = (await (await h.post(action('submitAction', data))).json()) as {
      task: { value: unknown };
    };
    expect(JSON.stringify(refused.task.value)).toContain('没有与“Initech”匹配的客户。');
    const saved = (await (
      await h.post(action('submitAction', { ...data, account: 'acme' }))
    ).json()) as { task: { value: unknown } };
    expect(saved.task.value).toBe(
      '已保存到 Acme Corp 的时间线（用 timeline Acme Corp 可以查看）。',
    );
  });
});
