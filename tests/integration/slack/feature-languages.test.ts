import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventCallback } from '../../../src/chat/local/slack-payloads';
import { loadConfig } from '../../../src/config';
import { describeEachDatabase } from '../../helpers/database';
import { postEvent } from '../../helpers/slack-signing';
import { ANN, type Harness, seedAccounts, slashAs, startHarness } from './harness';

const LI = { id: 'U0LI', email: 'li@tend.test', name: '李华', locale: 'zh-CN' };

// The feature cards in the reader's language: a zh-CN person's /stats, /plan, /timeline and
// /prep and their App Home come in Chinese; a zh-CN channel's playbook checklist, posted
// through the outbox, is in Chinese while the English person who started it reads English.
describeEachDatabase('slack: feature cards in Chinese', (get) => {
  let h: Harness;
  beforeAll(async () => {
    await seedAccounts(get().db);
    h = await startHarness(get().db);
    // The default playbooks (onboarding, …) come with the default settings.
    const config = loadConfig({ TEND_CONFIG: '' });
    h.ctx.config = {
      ...h.ctx.config,
      settings: { ...h.ctx.config.settings, playbooks: config.settings.playbooks },
    };
    h.emulator.addUser(LI);
  });
  afterAll(() => h.close());

  const run = (command: string, text: string, user: string, channel = 'C0GEN') =>
    slashAs(h, command, text, user, channel);

  it('/stats me, /plan, /timeline and /prep answer a zh-CN person in Chinese', async () => {
    const stats = await run('/stats', 'me', LI.id);
    expect(stats).toContain('我的统计 · 最近 30 天');
    expect(stats).toContain('确认用时');
    expect(stats).toContain('首次处理用时：从警报触发');
    expect(stats).not.toContain('Time to acknowledge');
    const plan = await run('/plan', 'acme', LI.id);
    expect(plan).toContain('成功计划：Acme Corp');
    expect(plan).toContain('添加里程碑');
    expect(plan).toContain('还没有里程碑');
    expect(plan).not.toContain('Add milestone');
    const timeline = await run('/timeline', 'acme', LI.id);
    expect(timeline).toContain('时间线：Acme Corp');
    expect(timeline).toContain('Acme Corp 最近 90 天没有记录。');
    const prep = await run('/prep', 'acme', LI.id);
    expect(prep).toContain('会议准备：Acme Corp');
    expect(prep).toContain('沟通要点');
    expect(prep).toContain('还没有成功计划');
    expect(prep).not.toContain('Talking points');
    // The English person still reads English.
    expect(await run('/prep', 'acme', ANN.id)).toContain('Talking points');
    expect(await run('/plan', 'acme', ANN.id)).toContain('Success plan: Acme Corp');
  });

  it('App Home is in Chinese for a zh-CN person', async () => {
    const res = await postEvent(
      h.eventsUrl,
      eventCallback(
        { type: 'app_home_opened', user: LI.id, channel: 'D0LI', tab: 'home', event_ts: '1.3' },
        'Ev0HOMEZH',
        'UTENDBOT',
      ),
    );
    expect(res.status).toBe(200);
    const publish = await h.emulator.waitFor('views.publish', (c) => c.body.user_id === LI.id);
    const view = JSON.stringify(publish.body.view);
    expect(view).toContain('我的客户（0），风险最高的在前');
    expect(view).toContain('我的待办跟进（0）');
    expect(view).toContain('更改警报设置');
    expect(view).not.toContain('Your open follow-ups');
  });

  it('a zh-CN channel gets the playbook checklist in Chinese through the outbox', async () => {
    await get()
      .db.updateTable('accounts')
      .set({ slack_channel: 'C0ZHACME' })
      .where('external_id', '=', 'acme-1')
      .execute();
    expect(await run('/cs', 'language zh-CN', ANN.id, 'C0ZHACME')).toContain('简体中文');
    const answer = await run('/play', 'acme onboarding', ANN.id);
    expect(answer).toContain('Onboarding for Acme Corp: 0/5 done');
    const rows = await get()
      .db.selectFrom('outbox')
      .select(['channel_id', 'payload'])
      .where('dedupe_key', 'like', 'playbook:%')
      .execute();
    const posted = JSON.stringify(rows.find((r) => r.channel_id === 'C0ZHACME')?.payload);
    expect(posted).toContain('上线引导 · Acme Corp：已完成 0/5');
    expect(posted).toContain('启动会议');
    expect(posted).not.toContain('Kickoff call');
    expect(posted).toContain('触发自新客户 · 剧本版本 1');
    expect(posted).toContain('"label":"完成"');
    expect(posted).not.toContain('Started by');
  });
});
