import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyRenewalAction } from '../../../src/app/renewal-actions';
import { runRenewalJob } from '../../../src/app/renewal-reminders';
import { ACTIONS } from '../../../src/cards/actions';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { setChannelLanguage } from '../../../src/store/channel-languages';
import { renewalOutcomes } from '../../../src/store/renewals';
import { describeEachDatabase } from '../../helpers/database';
import { seedPortfolio } from '../../helpers/jobs-fixtures';
import { postInteraction } from '../../helpers/slack-signing';
import { ANN, BOT_TOKEN, buttonClick, type Harness, startHarness } from '../slack/harness';

describeEachDatabase('renewal reminder buttons', (get) => {
  let h: Harness;
  let worker: OutboxWorker;
  let beta: number;
  let gamma: number;
  const gammaId = () => gamma;
  const ref = () => ({ accountId: beta, renewalDate: '2027-01-07' });
  const actor = { id: ANN.id, name: '@Ann Example', platform: 'slack' };

  beforeAll(async () => {
    h = await startHarness(get().db);
    ({ beta, gamma } = await seedPortfolio(get().db, '2026-11-23'));
    await get()
      .db.insertInto('channel_subscriptions')
      .values({
        platform: 'slack',
        channel_id: 'CREN',
        kind: 'renewals',
        timezone: 'UTC',
        created_by: 'U1',
      })
      .execute();
    // A second channel that reads Chinese (/cs language zh-CN): its copy speaks Chinese.
    await get()
      .db.insertInto('channel_subscriptions')
      .values({
        platform: 'slack',
        channel_id: 'CRENZH',
        kind: 'renewals',
        timezone: 'UTC',
        created_by: 'U1',
      })
      .execute();
    await setChannelLanguage(
      get().db,
      { platform: 'slack', channelId: 'CRENZH', locale: 'zh-CN', by: 'U1' },
      new Date('2026-11-23T09:00:00Z'),
    );
    await runRenewalJob(h.ctx);
    worker = createOutboxWorker(h.ctx, {
      instance: 't',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 100, burst: 100 } },
    });
    await worker.runUntilIdle();
  });
  afterAll(() => h.close());

  /** The latest rewrite of the reminder in one channel, as Slack received it. */
  const lastUpdate = (channel: string) =>
    JSON.stringify(
      h.emulator
        .callsTo('chat.update')
        .filter((c) => c.body.channel === channel)
        .at(-1)?.body,
    );

  it('Start renewal plan (signed click) creates the checklist once', async () => {
    const click = () =>
      postInteraction(
        h.eventsUrl,
        buttonClick({
          userId: ANN.id,
          actionId: ACTIONS.renewalPlan,
          value: JSON.stringify(ref()),
          responseUrl: h.emulator.responseUrl(),
          ephemeral: false,
        }),
      );
    expect((await click()).status).toBe(200);
    for (let i = 0; i < 200; i++) {
      const n = await get().db.selectFrom('follow_ups').select('id').execute();
      if (n.length >= 4) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const second = await applyRenewalAction(h.ctx, ref(), { kind: 'plan' }, actor, 'k2');
    expect(second).toMatchObject({ changed: false });
    const followUps = await get()
      .db.selectFrom('follow_ups')
      .selectAll()
      .orderBy('due_on')
      .execute();
    expect(followUps.map((f) => f.due_on)).toEqual([
      '2026-11-23',
      '2026-11-23',
      '2026-12-08',
      '2026-12-31',
    ]);
    expect(followUps.every((f) => f.source === 'renewal' && f.account_id === beta)).toBe(true);
    // An English clicker: the stored titles are the English ones, word for word.
    expect(followUps.map((f) => f.title)).toEqual([
      'Review health, usage and open issues before the renewal call',
      'Confirm the decision maker, budget and timeline',
      'Send the renewal proposal',
      'Get the renewal signed',
    ]);
    await worker.runUntilIdle();
    expect(lastUpdate('CREN')).toContain('Renewal plan started by @Ann Example: 4 follow-ups');
    expect(lastUpdate('CRENZH')).toContain('@Ann Example 启动了续约计划：4 项跟进');
  });

  it('a plan started by a Chinese reader stores its follow-up titles in Chinese', async () => {
    await get()
      .db.updateTable('accounts')
      .set({ renewal_date: '2027-02-07' })
      .where('id', '=', gammaId())
      .execute();
    const zhRef = { accountId: gammaId(), renewalDate: '2027-02-07' };
    const started = await applyRenewalAction(
      h.ctx,
      zhRef,
      { kind: 'plan' },
      { ...actor, locale: 'zh-CN' },
      'zh-plan',
    );
    expect(started).toMatchObject({ changed: true });
    const titles = await get()
      .db.selectFrom('follow_ups')
      .select('title')
      .where('account_id', '=', gammaId())
      .orderBy('due_on')
      .execute();
    expect(titles.map((r) => r.title)).toEqual([
      '续约沟通前检查健康度、使用情况和未解决的问题',
      '确认决策人、预算和时间表',
      '发送续约方案',
      '完成续约签署',
    ]);
  });

  it("Log follow-up opens the follow-up modal for the reminder's account", async () => {
    const body = buttonClick({
      userId: ANN.id,
      actionId: ACTIONS.renewalFollowUp,
      value: JSON.stringify(ref()),
      responseUrl: h.emulator.responseUrl(),
      ephemeral: false,
    });
    expect((await postInteraction(h.eventsUrl, body)).status).toBe(200);
    const open = await h.emulator.waitFor(
      'views.open',
      (c) => c.body.trigger_id === body.trigger_id,
    );
    const view = open.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('followup.log.modal');
    expect(JSON.parse(view.private_metadata)).toEqual({ accountId: beta, channelId: 'C0GENERAL' });
  });

  it('Snooze posts the reminder again a week later, once per request', async () => {
    expect(await applyRenewalAction(h.ctx, ref(), { kind: 'snooze' }, actor, 's1')).toMatchObject({
      changed: true,
    });
    expect(await applyRenewalAction(h.ctx, ref(), { kind: 'snooze' }, actor, 's1')).toMatchObject({
      changed: false,
    });
    const again = await get()
      .db.selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', 'like', '%:snooze:%')
      .execute();
    // One repost per channel, each in its channel's language.
    expect(again).toHaveLength(2);
    expect(again[0]?.next_attempt_at.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    const byChannel = new Map(again.map((m) => [m.channel_id, JSON.stringify(m.payload)]));
    expect(byChannel.get('CREN')).toContain('Snoozed by @Ann Example: reminding again');
    expect(byChannel.get('CRENZH')).toContain('@Ann Example 推迟了提醒');
  });

  it('Mark renewed keeps the outcome and moves the date; later clicks are moot', async () => {
    await expect(
      applyRenewalAction(h.ctx, ref(), { kind: 'renewed', newDate: '2026-12-01' }, actor, 'r0'),
    ).rejects.toThrow(/after 2027-01-07/);
    const done = await applyRenewalAction(
      h.ctx,
      ref(),
      { kind: 'renewed', newDate: '2028-01-07' },
      actor,
      'r1',
    );
    expect(done).toMatchObject({ changed: true, message: expect.stringContaining('2028-01-07') });
    const account = await get()
      .db.selectFrom('accounts')
      .selectAll()
      .where('id', '=', beta)
      .executeTakeFirstOrThrow();
    expect(account.renewal_date).toBe('2028-01-07');
    expect(await applyRenewalAction(h.ctx, ref(), { kind: 'churned' }, actor, 'c1')).toMatchObject({
      changed: false,
    });
    // A moot click is told in the clicker's language.
    const zhActor = { ...actor, locale: 'zh-CN' as const };
    expect(await applyRenewalAction(h.ctx, ref(), { kind: 'churned' }, zhActor, 'c2')).toEqual({
      changed: false,
      message: '已标记为续约（下次续约：2028年1月7日）。',
    });
    const outcomes = await renewalOutcomes(
      get().db,
      new Date('2026-11-01'),
      new Date('2026-12-01'),
    );
    expect(outcomes).toEqual({ renewed: 1, churned: 0 });
    await worker.runUntilIdle();
    const last = lastUpdate('CREN');
    expect(last).toContain('Marked renewed by @Ann Example (next renewal 2028-01-07)');
    expect(last).not.toContain(ACTIONS.renewalChurned);
    expect(lastUpdate('CRENZH')).toContain('@Ann Example 标记为已续约（下次续约：2028年1月7日）');
  });
});
