import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRiskJob } from '../../../src/app/alerts';
import { ACTIONS } from '../../../src/cards/actions';
import { interactionJson } from '../../../src/chat/local/slack-payloads';
import { createSlackSender } from '../../../src/chat/slack/sender';
import { createOutboxWorker, type OutboxWorker } from '../../../src/delivery/worker';
import { setChannelLanguage } from '../../../src/store/channel-languages';
import { describeEachDatabase } from '../../helpers/database';
import { movableClock } from '../../helpers/jobs-context';
import { seedPortfolio } from '../../helpers/jobs-fixtures';
import { commandBody, postCommand, postInteraction } from '../../helpers/slack-signing';
import { ANN, BOT_TOKEN, type Harness, NOW, nextTrigger, startHarness } from './harness';

// Alert summaries in the channel's language (issue 16), through the real outbox, Bolt app and
// Web API emulator: the rule's finding is stored as code and values and worded per card; an
// alert from before (no summary_args) keeps the English it was stored with.

const LI = { id: 'U0LI', email: 'li@tend.test', name: '李华', locale: 'zh-CN' };
const ENGLISH = 'no login for 20 days (last on 2026-11-03)';
const CHINESE = '已 20 天无人登录（最后一次登录在11月3日）';

describeEachDatabase('slack: alert summaries in the channel language', (get) => {
  let h: Harness;
  let worker: OutboxWorker;
  let acme: number;

  beforeAll(async () => {
    h = await startHarness(get().db);
    h.emulator.addUser(LI);
    h.ctx.clock = movableClock(NOW);
    ({ acme } = await seedPortfolio(get().db, '2026-11-23'));
    await setChannelLanguage(
      get().db,
      { platform: 'slack', channelId: 'CACME', locale: 'zh-CN', by: ANN.id },
      new Date(NOW),
    );
    worker = createOutboxWorker(h.ctx, {
      instance: 'test',
      senders: { slack: createSlackSender({ token: BOT_TOKEN, apiUrl: h.emulator.apiUrl }) },
      pace: { slack: { rate: 1000, burst: 1000 } },
      sleep: async () => {},
    });
  });
  afterAll(() => h.close());

  const text = (v: unknown) => JSON.stringify(v);

  it('a zh-CN channel gets the alert card with its summary in Chinese; the row keeps English', async () => {
    await runRiskJob(h.ctx);
    await worker.runUntilIdle();
    const alert = await get()
      .db.selectFrom('alerts')
      .selectAll()
      .where('account_id', '=', acme)
      .executeTakeFirstOrThrow();
    expect(alert.summary).toBe(ENGLISH);
    expect(alert.summary_args).toEqual({ key: 'noLogin', days: 20, day: '2026-11-03' });
    const posts = h.emulator.posts.filter((p) => p.channel === 'CACME');
    expect(posts).toHaveLength(1);
    expect(text(posts[0])).toContain(CHINESE);
    expect(text(posts[0])).not.toContain(ENGLISH);
  });

  it('/risk in Chinese words the summary; an old row without args shows its English', async () => {
    const risk = async () => {
      const res = await postCommand(
        h.eventsUrl,
        commandBody({
          command: '/risk',
          text: '',
          user_id: LI.id,
          channel_id: 'CACME',
          trigger_id: nextTrigger(LI.id),
          response_url: h.emulator.responseUrl(),
        }),
      );
      return text(await res.json());
    };
    expect(await risk()).toContain(CHINESE);
    await get()
      .db.updateTable('alerts')
      .set({ summary_args: null })
      .where('account_id', '=', acme)
      .execute();
    const old = await risk();
    expect(old).toContain(ENGLISH);
    expect(old).not.toContain(CHINESE);
  });

  it('the card rewritten after a click keeps an old row English, in the zh-CN channel', async () => {
    // As the test before left it: the row from before summary_args.
    await get()
      .db.updateTable('alerts')
      .set({ summary_args: null })
      .where('account_id', '=', acme)
      .execute();
    const alert = await get()
      .db.selectFrom('alerts')
      .select('id')
      .where('account_id', '=', acme)
      .executeTakeFirstOrThrow();
    const post = await get()
      .db.selectFrom('outbox')
      .select('message_ref')
      .where('channel_id', '=', 'CACME')
      .executeTakeFirstOrThrow();
    const ts = (JSON.parse(post.message_ref ?? '{}') as { ts: string }).ts;
    await postInteraction(
      h.eventsUrl,
      interactionJson(ANN, nextTrigger(), {
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
            value: JSON.stringify({ alertId: alert.id }),
            text: { type: 'plain_text', text: 'x' },
          },
        ],
      }),
    );
    for (let i = 0; i < 200 && !h.emulator.updates.some((u) => u.ts === ts); i++) {
      await worker.runUntilIdle();
      await new Promise((r) => setTimeout(r, 25));
    }
    const update = h.emulator.updates.filter((u) => u.ts === ts).at(-1);
    expect(text(update)).toContain(ENGLISH);
    // The rest of the card is still Chinese: only the summary is the stored English.
    expect(text(update)).toContain('无人登录');
  });
});
