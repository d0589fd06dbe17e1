import { beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../../src/app/context';
import { playbookCardById, startManually, tickPlaybookStep } from '../../../src/app/playbooks';
import { recordReview } from '../../../src/app/reviews';
import { loopCardById } from '../../../src/app/survey-loops';
import { logTouch } from '../../../src/app/timeline';
import { renderBlocks } from '../../../src/cards/block-kit';
import { tm } from '../../../src/cards/i18n/t';
import type { Card } from '../../../src/cards/model';
import { problemText } from '../../../src/cards/problem-text';
import { TendError } from '../../../src/errors';
import { describeEachDatabase } from '../../helpers/database';
import { jobsContext, movableClock } from '../../helpers/jobs-context';
import { seedPortfolio } from '../../helpers/jobs-fixtures';

// Issue 16: the app-layer answers left after the first passes (gone notices, the review
// reason check, built-in playbook titles) in the reader's language; English unchanged.

const NOW = '2026-11-23T10:00:00Z';
const ZH_ACTOR = { id: 'U0ZH', name: '@Li', platform: 'slack', locale: 'zh-CN' as const };
const textOf = (card: Card) => JSON.stringify(renderBlocks(card));

describeEachDatabase('app notes in Chinese', (get) => {
  let ctx: AppContext;
  let acme: number;

  beforeAll(async () => {
    ctx = jobsContext(get().db, movableClock(NOW));
    ({ acme } = await seedPortfolio(get().db, '2026-11-23'));
  });

  it('a gone loop or playbook says so in the reader language', async () => {
    const loopZh = await loopCardById(ctx, 999_999, 'zh-CN');
    expect(loopZh.title).toBe('闭环');
    expect(loopZh.fallback).toBe('这个闭环已不存在。');
    const loopEn = await loopCardById(ctx, 999_999, 'en');
    expect([loopEn.title, loopEn.fallback]).toEqual(['Loop', 'That loop no longer exists.']);
    const playZh = await playbookCardById(ctx, 999_999, 'zh-CN');
    expect([playZh.title, playZh.fallback]).toEqual(['剧本', '这个剧本已不存在。']);
    const playEn = await playbookCardById(ctx, 999_999, 'en');
    expect([playEn.title, playEn.fallback]).toEqual([
      'Playbook',
      'That playbook no longer exists.',
    ]);
  });

  it('an unknown review reason: English message, Chinese for a Chinese reader', async () => {
    const err = await recordReview(ctx, {
      accountId: acme,
      kind: 'churn',
      reason: 'vibes',
      learned: null,
      createdBy: 'U1',
      requestKey: 'r1',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TendError);
    const e = err as TendError;
    expect(e.message).toBe(
      `"vibes" is not a review reason (one of: ${ctx.config.settings.reviews.reasons.join(', ')})`,
    );
    expect(tm('zh-CN', e.msg!)).toBe(
      `“vibes”不是可选的复盘原因（可选：${ctx.config.settings.reviews.reasons.join(', ')}）`,
    );
  });

  it('a built-in playbook reads in Chinese: title, steps and the tick answer', async () => {
    const en = await startManually(ctx, acme, 'onboarding', 'U1', 'p1', 'en');
    expect(textOf(en.card)).toContain('Kickoff call');
    expect(en.card.title).toBe('Onboarding: Acme Corp');
    const zh = await playbookCardById(ctx, await runIdOf(), 'zh-CN');
    const zhText = textOf(zh);
    expect(zh.title).toBe('上线引导: Acme Corp');
    for (const step of [
      '启动会议',
      '完成数据配置',
      '检查价值实现进度',
      '首次回顾',
      '结束上线引导',
    ]) {
      expect(zhText).toContain(step);
    }
    expect(zhText).not.toContain('Kickoff call');
    const step = await get()
      .db.selectFrom('playbook_steps')
      .select('id')
      .orderBy('position')
      .executeTakeFirstOrThrow();
    const ticked = await tickPlaybookStep(ctx, step.id, ZH_ACTOR, 'zh-CN');
    expect(ticked.message).toContain('启动会议');
    expect(ticked.message).not.toContain('Kickoff');
  });

  it('an empty touch carries its message key, so a chat reply words it for the reader', async () => {
    const err = await logTouch(ctx, {
      accountId: acme,
      text: '   ',
      loggedBy: 'U1',
      platform: 'slack',
      requestKey: 't1',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TendError);
    const e = err as TendError;
    expect(e.msg).toBeDefined();
    const zh = problemText('zh-CN', e.msg!);
    expect(zh).toBe('请说明发生了什么，例如：与 CFO 通话。');
    expect(problemText('en', e.msg!)).toBe(e.message);
  });

  async function runIdOf(): Promise<number> {
    const run = await get().db.selectFrom('playbook_runs').select('id').executeTakeFirstOrThrow();
    return run.id;
  }
});
