import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDigestJob } from '../../../src/app/digests';
import { describeEachDatabase } from '../../helpers/database';
import { movableClock } from '../../helpers/jobs-context';
import { ANN, type Harness, seedAccounts, slashAs, startHarness } from './harness';

const LI = { id: 'U0LI', email: 'li@tend.test', name: '李华', locale: 'zh-CN' };

describeEachDatabase('slack: languages', (get) => {
  let h: Harness;
  beforeAll(async () => {
    await seedAccounts(get().db);
    h = await startHarness(get().db);
    h.emulator.addUser(LI);
  });
  afterAll(() => h.close());

  const run = (command: string, text: string, user: string, channel = 'C0GEN') =>
    slashAs(h, command, text, user, channel);

  it('answers a zh-CN person with the Chinese account card, an English one in English', async () => {
    const zh = await run('/health', 'acme', LI.id);
    expect(zh).toContain('Acme Corp');
    expect(zh).toContain('续约');
    expect(zh).toContain('记录跟进');
    expect(zh).not.toContain('Log follow-up');
    // The language came from users.info, asked with include_locale, once.
    const calls = h.emulator.callsTo('users.info').filter((c) => c.body.user === LI.id);
    expect(calls).toHaveLength(1);
    expect(String(calls[0]?.body.include_locale)).toBe('true');
    await run('/health', 'acme', LI.id);
    expect(h.emulator.callsTo('users.info').filter((c) => c.body.user === LI.id)).toHaveLength(1);
    const en = await run('/health', 'acme', ANN.id);
    expect(en).toContain('Log follow-up');
    expect(en).not.toContain('续约');
  });

  it('answers a zh-CN person with Chinese /renewals, /risk and /followups cards', async () => {
    const zh = await run('/renewals', '365', LI.id);
    expect(zh).toContain('365天内续约');
    expect(zh).toContain('未来 365 天内有');
    expect(zh).toContain('打开');
    expect(zh).not.toContain('Renewals in');
    expect(zh).not.toContain('"Open"');
    const en = await run('/renewals', '365', ANN.id);
    expect(en).toContain('Renewals in 365 days');
    expect(en).not.toContain('续约');
    expect(await run('/risk', '', LI.id)).toContain('有风险的客户');
    expect(await run('/followup', 'acme 发送报告', LI.id)).toContain('跟进已记录');
    expect(await run('/followups', '', LI.id)).toContain('我的待办跟进');
  });

  it('/cs language sets a channel to zh-CN and its digest comes in Chinese', async () => {
    expect(await run('/cs', 'language', ANN.id, 'C0ZH')).toContain('English (the default)');
    expect(await run('/cs', 'language klingon', ANN.id, 'C0ZH')).toContain('en, zh-CN');
    expect(await run('/cs', 'language zh-CN', ANN.id, 'C0ZH')).toContain('简体中文');
    expect(await run('/cs', 'language', ANN.id, 'C0ZH')).toContain('Chinese (简体中文)');
    // Said to the whole channel: in the channel's language, whoever typed it.
    const subscribed = await run('/cs', 'subscribe digest at 09:00', ANN.id, 'C0ZH');
    expect(subscribed).toContain('本频道已订阅：#');
    expect(subscribed).toContain('工作日 09:00（UTC） · 全部客户');
    expect(subscribed).toContain('第一份摘要将于');
    expect(subscribed).not.toContain('This channel');
    const en = await run('/cs', 'subscribe digest at 09:00', ANN.id, 'C0EN');
    expect(en).toContain('This channel is subscribed: #');
    expect(en).toContain('weekdays at 09:00 UTC · all accounts. First digest');
    // Said to the asker only: in theirs.
    expect(await run('/cs', 'subscriptions', LI.id, 'C0EN')).toContain('本频道的订阅');
    expect(await run('/cs', 'unsubscribe 999', LI.id, 'C0EN')).toContain('本频道没有订阅 #999');
    // Personal settings answer the person in theirs.
    expect(await run('/cs', 'follow acme', LI.id, 'C0EN')).toContain('本频道已关注 Acme Corp');
    expect(await run('/cs', 'following', LI.id, 'C0EN')).toContain('本频道关注了 1 个客户');
    expect(await run('/cs', 'hours', LI.id, 'C0EN')).toContain('未设置');
    expect(await run('/cs', 'follow acme', ANN.id, 'C0EN')).toContain(
      'Acme Corp is followed here already.',
    );
    const clock = movableClock('2026-11-24T09:00:00Z');
    expect((await runDigestJob({ ...h.ctx, clock })).digests).toBe(2);
    const rows = await get()
      .db.selectFrom('outbox')
      .select(['channel_id', 'payload'])
      .where('dedupe_key', 'like', 'digest:%')
      .execute();
    const digestIn = (channel: string) =>
      JSON.stringify(rows.find((r) => r.channel_id === channel)?.payload);
    expect(digestIn('C0ZH')).toContain('每日摘要 · 11月24日');
    expect(digestIn('C0ZH')).toContain('全部客户');
    expect(digestIn('C0EN')).toContain('Daily digest · 24 Nov');
  });
});
