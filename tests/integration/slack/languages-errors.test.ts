import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { ACTIONS } from '../../../src/cards/actions';
import { interactionJson } from '../../../src/chat/local/slack-payloads';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { setChannelLanguage } from '../../../src/store/channel-languages';
import { describeEachDatabase } from '../../helpers/database';
import { type MovableClock, movableClock } from '../../helpers/jobs-context';
import { seedPortfolio } from '../../helpers/jobs-fixtures';
import { postInteraction } from '../../helpers/slack-signing';
import { ANN, BOT_TOKEN, type Harness, NOW, nextTrigger, slashAs, startHarness } from './harness';

const LI = { id: 'U0LI', email: 'li@tend.test', name: '李华', locale: 'zh-CN' };

// The help card, errors and thread lines in Chinese, through signed requests to the real Bolt
// app and the Web API emulator: a zh-CN person's own answers, a zh-CN channel's thread.
describeEachDatabase('slack: help, errors and thread lines in Chinese', (get) => {
  let h: Harness;
  let clock: MovableClock;
  let worker: OutboxWorker;
  beforeAll(async () => {
    h = await startHarness(get().db);
    clock = movableClock(NOW);
    h.ctx.clock = clock;
    h.emulator.addUser(LI);
    await seedPortfolio(get().db, '2026-11-23');
    worker = createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
    });
  });
  afterAll(() => h.close());

  const run = (command: string, text: string, user: string, channel = 'C0GEN') =>
    slashAs(h, command, text, user, channel);

  it('gives a zh-CN person the Chinese help card, an English one the English card', async () => {
    const zh = await run('/cs', 'help', LI.id);
    expect(zh).toContain('Tend 命令');
    expect(zh).toContain('客户的健康卡片');
    expect(zh).toContain('（仅管理员）');
    expect(zh).not.toContain('Tend commands');
    expect(zh).not.toContain('admins only');
    const en = await run('/cs', 'help', ANN.id);
    expect(en).toContain('Tend commands');
    expect(en).not.toContain('客户');
  });

  it('says a parse problem, a past due date and an unknown account in Chinese', async () => {
    const unknown = await run('/timeline', '', LI.id);
    expect(unknown).toContain('请告诉我是哪个客户：/timeline &lt;客户&gt;');
    expect(unknown).not.toContain('Tell me the account');
    const past = await run('/followup', 'acme 发送报告 2020-01-01', LI.id);
    expect(past).toContain('截止日期 2020年1月1日（2020-01-01）已经过去');
    const none = await run('/health', 'zzqqxx', LI.id);
    expect(none).toContain('没有客户匹配');
    expect(none).not.toContain('No account matches');
    expect(await run('/timeline', '', ANN.id)).toContain(
      'Tell me the account: timeline &lt;account&gt;',
    );
  });

  it('refuses a bad /cs subscribe filter and a bad /cs alerts rule in the asker’s language', async () => {
    const zh = await run('/cs', 'subscribe digest colour=blue', LI.id);
    expect(zh).toContain('我不认识筛选条件“colour”。试试 cs subscribe digest|alerts');
    expect(zh).not.toContain("I don't know");
    const rule = await run('/cs', 'alerts rules=nosuch', LI.id);
    expect(rule).toContain('我不认识规则 nosuch');
    const en = await run('/cs', 'subscribe digest colour=blue', ANN.id);
    expect(en).toContain('I don\'t know the filter \\"colour\\". Try cs subscribe digest|alerts');
  });

  it('a zh-CN channel gets its thread line in Chinese after a button click', async () => {
    await setChannelLanguage(
      get().db,
      { platform: 'slack', channelId: 'CACME', locale: 'zh-CN', by: 'test' },
      new Date(NOW),
    );
    await runRiskJob(h.ctx);
    await worker.runUntilIdle();
    const lead = (await get().db.selectFrom('alerts').select('id').executeTakeFirstOrThrow()).id;
    const post = await get()
      .db.selectFrom('outbox')
      .select('message_ref')
      .where('channel_id', '=', 'CACME')
      .executeTakeFirstOrThrow();
    const ts = (JSON.parse(post.message_ref ?? '{}') as { ts: string }).ts;
    const click = interactionJson(ANN, nextTrigger(), {
      type: 'block_actions',
      channel: { id: 'CACME', name: 'acme' },
      container: { type: 'message', message_ts: ts, channel_id: 'CACME', is_ephemeral: false },
      response_url: h.emulator.responseUrl(),
      actions: [
        {
          block_id: 'b1',
          action_ts: `${Date.now() / 1000}`,
          type: 'button',
          action_id: ACTIONS.alertAck,
          value: JSON.stringify({ alertId: lead }),
          text: { type: 'plain_text', text: 'x' },
        },
      ],
    });
    await postInteraction(h.eventsUrl, click);
    for (let i = 0; i < 200; i++) {
      const n = await get().db.selectFrom('alert_events').select('id').execute();
      if (n.length > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    clock.advance(61_000);
    await worker.runUntilIdle();
    const replies = h.emulator.posts.filter((p) => p.channel === 'CACME' && p.threadTs === ts);
    expect(replies).toHaveLength(1);
    const said = JSON.stringify(replies[0]);
    expect(said).toContain('Ann Example 于');
    expect(said).toContain('确认');
    expect(said).not.toContain('Acknowledged by');
    // The card above is rewritten in Chinese too, its last action included.
    const update = h.emulator.updates.filter((u) => u.ts === ts).at(-1);
    expect(JSON.stringify(update)).toContain('确认');
  });
});
