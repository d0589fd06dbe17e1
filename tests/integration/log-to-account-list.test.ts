import { beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context';
import { accountForLog } from '../../src/app/timeline';
import { tm } from '../../src/cards/i18n/t';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount, testContext } from '../helpers/fixtures';

// "Log to account" names the accounts a form's name fits as the reader's language lists them:
// "Acme Corp, Acme Labs" in English, "Acme Corp、Acme Labs" in Chinese (issue 16).
describeEachDatabase(
  'Log to account: the names that fit, listed in the reader’s language',
  (get) => {
    let ctx: AppContext;
    beforeAll(async () => {
      ctx = testContext(get());
      await insertAccount(ctx.db, { external_id: 'a1', name: 'Acme Corp' });
      await insertAccount(ctx.db, { external_id: 'a2', name: 'Acme Labs' });
      await insertAccount(ctx.db, { external_id: 'g1', name: 'Globex' });
    });

    it('several accounts match: listed with 、 in Chinese, with ", " in English', async () => {
      const zh = await accountForLog(ctx, 'acme', 'zh-CN');
      expect(zh.ok).toBe(false);
      if (zh.ok) return;
      expect(tm('zh-CN', zh.problem)).toBe(
        '有多个客户与“acme”匹配：Acme Corp、Acme Labs。请输入完整名称。',
      );
      const en = await accountForLog(ctx, 'acme', 'en');
      if (en.ok) throw new Error('expected a problem');
      expect(tm('en', en.problem)).toBe(
        'Several accounts match "acme": Acme Corp, Acme Labs. Type the full name.',
      );
    });

    it('no account matches: the near names listed with 、', async () => {
      const zh = await accountForLog(ctx, 'acmee', 'zh-CN');
      if (zh.ok) throw new Error('expected a problem');
      const said = tm('zh-CN', zh.problem);
      expect(said).toMatch(/^没有与“acmee”匹配的客户。/);
      if (said.includes('你是不是要找')) {
        expect(said).not.toContain(', ');
        expect(said).toMatch(/Acme (Corp|Labs)、/);
      }
    });
  },
);
