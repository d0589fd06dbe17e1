import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { cardOf, type Harness, personal, startHarness } from './harness';

// Teams says the sender's language on every activity: the help card and errors follow it.
describeEachDatabase('Teams: help and errors in Chinese', (get) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(get());
    await insertAccount(get().db, { external_id: 'acme', name: 'Acme Corp', domain: 'acme.com' });
  });
  afterAll(() => h.close());

  const lastCard = () => JSON.stringify(cardOf(h.standIn.calls.at(-1)!.body));

  it('gives a zh-CN person the Chinese help card, an en-US one the English card', async () => {
    await h.post(personal('help', { locale: 'zh-CN' }));
    const zh = lastCard();
    expect(zh).toContain('Tend 命令');
    expect(zh).toContain('客户的健康卡片');
    expect(zh).not.toContain('Tend commands');
    await h.post(personal('help', { locale: 'en-US' }));
    expect(lastCard()).toContain('Tend commands');
  });

  it('says an unknown account and a command problem in Chinese', async () => {
    await h.post(personal('health zzqqxx', { locale: 'zh-CN' }));
    const none = lastCard();
    expect(none).toContain('没有客户匹配');
    expect(none).not.toContain('No account matches');
    await h.post(personal('/plan', { locale: 'zh-CN' }));
    const problem = lastCard();
    expect(problem).toContain('请告诉我是哪个客户');
    expect(problem).toContain('Tend 命令');
    await h.post(personal('/cs frobnicate', { locale: 'zh-CN' }));
    expect(lastCard()).toContain('我不认识“/cs frobnicate”');
    await h.post(personal('/plan', { locale: 'en-US' }));
    expect(lastCard()).toContain('Tell me the account');
  });
});
