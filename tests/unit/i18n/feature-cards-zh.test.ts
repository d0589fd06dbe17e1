import { describe, expect, it } from 'vitest';
import { renderBlocks } from '../../../src/cards/block-kit';
import { renderModal } from '../../../src/cards/block-kit-modal';
import { CATALOGS } from '../../../src/cards/i18n/t';
import { DEFINITION_KEY } from '../../../src/cards/stats-card';
import { DEFINITIONS } from '../../../src/domain/metrics';
import { featureCards } from '../../helpers/feature-cards';

/** Keys whose strings are ids and kinds, not words. */
const STRUCTURE = new Set([
  'type',
  'kind',
  'id',
  'style',
  'actionId',
  'value',
  'locale',
  'url',
  'initial',
]);

/** Every string in a card model, in order (labels, texts, titles, placeholders, …). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) if (!STRUCTURE.has(k)) strings(x, out);
  }
  return out;
}

// Words that are data or names, the same in every language (the driver text is stored in
// English by the health model; another change words it).
const DATA = /^(logins fell 44%|segment=enterprise.*|Asia\/Shanghai|Save|NPS|CSAT|GRR|NRR|ARR)$/;

/**
 * The strings a zh-CN card shares with its English twin that hold an English word: words the
 * card forgot to take from the catalogs.
 */
function untranslated(en: unknown, zh: unknown): string[] {
  const english = new Set(strings(en));
  return strings(zh).filter(
    (s) => english.has(s) && /[A-Za-z]{4,}/.test(s) && !DATA.test(s.trim()),
  );
}

describe('feature cards in zh-CN', () => {
  const name = '阿里巴巴';
  const zh = featureCards(name, 'zh-CN');
  const en = new Map(featureCards(name, 'en'));

  it.each(zh)('%s: no English words left, and the card says it is zh-CN', (card, built) => {
    expect(built.locale).toBe('zh-CN');
    expect(untranslated(en.get(card), built)).toEqual([]);
    expect(JSON.stringify(built)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('the check can fail: an English card against itself is all leaks', () => {
    const [, stats] = featureCards(name, 'en')[0]!;
    expect(untranslated(stats, stats).length).toBeGreaterThan(10);
  });

  it('words the stats, loop, plan, prep and playbook cards in Chinese', () => {
    const text = (card: string) => JSON.stringify(zh.find(([n]) => n === card)![1]);
    expect(text('stats')).toContain('团队统计 · 最近 30 天');
    expect(text('stats')).toContain('中位数 30 分钟 · p90 30 小时');
    expect(text('stats')).toContain('流失：价格 2');
    expect(text('loop')).toContain('请闭环：贬损者 NPS 3 · 阿里巴巴');
    expect(text('loop')).toContain('请在 12月7日 17:00 前联系（还有 24 小时）');
    expect(text('plan')).toContain('12 个里程碑：计划最好有 3–6 个，可以考虑合并一些。');
    expect(text('prep')).toContain('40 天后续约（ARR US$120,000），健康度为黄色');
    expect(text('prep')).toContain('活跃用户（日均）比上季度下降 50%');
    expect(text('playbook')).toContain('上线引导');
    expect(text('playbook')).toContain('已完成 1/2');
    expect(text('opportunity')).toContain('US$100,000（ARR 的 20%）');
    expect(text('alert summary')).toContain('另有 30 条警报');
  });

  it('the English footnotes are the definitions the README and API give', () => {
    for (const [def, key] of Object.entries(DEFINITION_KEY)) {
      expect(CATALOGS.en[key]).toBe(DEFINITIONS[def as keyof typeof DEFINITIONS]);
    }
  });

  it('forms render as Slack modals in Chinese, the Cancel button too', () => {
    const note = zh.find(([n]) => n === 'note form')![1];
    const modal = JSON.stringify(renderModal(note));
    expect(modal).toContain('添加备注');
    expect(modal).toContain('取消');
    expect(JSON.stringify(renderBlocks(zh.find(([n]) => n === 'home')![1]))).toContain(
      '我的待办跟进（30）',
    );
  });
});
