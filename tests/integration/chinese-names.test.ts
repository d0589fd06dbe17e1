import { beforeAll, expect, it } from 'vitest';
import { healthAnswer } from '../../src/app/account-health';
import type { AppContext } from '../../src/app/context';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';

// /health with Chinese names: the characters (exact or part), the pinyin in full, initials,
// or a mix, and "did you mean" through the pinyin for a typo.
describeEachDatabase('account lookup: Chinese names and pinyin', (get) => {
  let ctx: AppContext;
  let alibaba: number;
  let tencent: number;
  beforeAll(async () => {
    ctx = testContext(get());
    alibaba = await insertAccount(ctx.db, { external_id: 'cn-1', name: '阿里巴巴' });
    await insertAccount(ctx.db, { external_id: 'cn-2', name: '阿里云计算' });
    tencent = await insertAccount(ctx.db, { external_id: 'cn-3', name: '腾讯科技' });
    await insertAccount(ctx.db, { external_id: 'en-1', name: 'Acme Corp' });
  });

  const found = async (query: string) => {
    const answer = await healthAnswer(ctx, query);
    return answer.kind === 'card' ? answer.accountId : answer.kind;
  };

  it('finds 阿里巴巴 by name, by pinyin and by initials', async () => {
    expect(await found('阿里巴巴')).toBe(alibaba);
    expect(await found('阿里巴')).toBe(alibaba);
    expect(await found('alibaba')).toBe(alibaba);
    expect(await found('ALIBABA')).toBe(alibaba);
    expect(await found('albb')).toBe(alibaba);
    expect(await found('alibb')).toBe(alibaba);
    expect(await found('txkj')).toBe(tencent);
    expect(await found('tengxun')).toBe(tencent);
  });

  it('offers the choices when a part fits several (阿里, ali)', async () => {
    for (const query of ['阿里', 'ali']) {
      const answer = await healthAnswer(ctx, query);
      expect(answer.kind).toBe('choices');
      if (answer.kind === 'choices') {
        expect(answer.matches.map((m) => m.name).sort()).toEqual(['阿里云计算', '阿里巴巴'].sort());
      }
    }
  });

  it('suggests by pinyin for a typo, and a single letter matches nothing by pinyin', async () => {
    const typo = await healthAnswer(ctx, 'alibabba');
    expect(typo.kind).toBe('none');
    if (typo.kind === 'none') expect(typo.suggestions[0]?.name).toBe('阿里巴巴');
    // "a" is a prefix of Acme Corp's name; by pinyin, one letter is too little to mean 阿里巴巴.
    expect(await found('a')).not.toBe(alibaba);
  });
});
