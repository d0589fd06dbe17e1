import { afterAll, beforeAll, expect, it } from 'vitest';
import { openSurveyLoops } from '../../../src/app/survey-loops';
import { describeEachDatabase } from '../../helpers/database';
import { insertAccount } from '../../helpers/fixtures';
import { CHANNEL, cardOf, type Harness, inChannel, personal, startHarness } from './harness';

// The feature cards on Teams in the reader's language: a person whose Teams locale is zh-CN
// gets /stats, /plan, /timeline and /prep in Chinese; a channel set to zh-CN gets the survey
// loop card (outcome buttons included) in Chinese through the outbox.
describeEachDatabase('Teams: feature cards in Chinese', (get) => {
  let h: Harness;
  let acme: number;
  beforeAll(async () => {
    h = await startHarness(get());
    acme = await insertAccount(get().db, {
      external_id: 'acme',
      name: 'Acme Corp',
      domain: 'acme.com',
      owner_email: 'jane@acme.com',
      arr: 120000,
      renewal_date: '2027-01-07',
    });
  });
  afterAll(() => h.close());

  const lastCard = () => JSON.stringify(cardOf(h.standIn.calls.at(-1)!.body));
  const zh = { locale: 'zh-CN' };

  it('stats, plan, timeline and prep answer a zh-CN person in Chinese', async () => {
    await h.post(personal('stats me', zh));
    expect(lastCard()).toContain('我的统计 · 最近 30 天');
    expect(lastCard()).toContain('按时闭环');
    await h.post(personal('plan acme', zh));
    expect(lastCard()).toContain('成功计划：Acme Corp');
    expect(lastCard()).toContain('添加目标');
    await h.post(personal('timeline acme', zh));
    expect(lastCard()).toContain('时间线：Acme Corp');
    await h.post(personal('prep acme', zh));
    expect(lastCard()).toContain('会议准备：Acme Corp');
    expect(lastCard()).toContain('使用与采用（对比之前 90 天）');
    await h.post(personal('prep acme', { locale: 'en-US' }));
    expect(lastCard()).toContain('Usage and adoption');
  });

  it('a zh-CN channel gets the loop card in Chinese through the outbox', async () => {
    await h.post(inChannel('cs language zh-CN'));
    await get()
      .db.updateTable('accounts')
      .set({ teams_channel: CHANNEL })
      .where('id', '=', acme)
      .execute();
    await get()
      .db.insertInto('survey_answers')
      .values({
        external_id: 'a1',
        account_id: acme,
        kind: 'nps',
        score: 3,
        respondent: 'cfo@acme.com',
        comment: '太贵了',
        answered_on: '2026-11-23',
      })
      .execute();
    // The loop card, and the detractor-recovery checklist the loop starts.
    expect((await openSurveyLoops(h.ctx)).opened).toBe(1);
    const row = await get()
      .db.selectFrom('outbox')
      .select(['channel_id', 'payload'])
      .where('kind', '=', 'loop')
      .where('channel_id', '=', CHANNEL)
      .executeTakeFirstOrThrow();
    const card = JSON.stringify(row.payload);
    expect(card).toContain('请闭环：贬损者 NPS 3 · Acme Corp');
    expect(card).toContain('"label":"已联系"');
    expect(card).toContain('"label":"无需处理"');
    expect(card).not.toContain('Close the loop');
  });
});
