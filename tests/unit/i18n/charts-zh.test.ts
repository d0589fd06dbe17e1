import { describe, expect, it } from 'vitest';
import { specKey } from '../../../src/app/chart-cache';
import { canDrawCjk, needsCjk } from '../../../src/app/chart-fonts';
import { type ChartData, chartDrawings } from '../../../src/app/charts';

// Chart words in the reader's language (issue 16): titles, week labels, "no data", alt text.

const TODAY = '2026-11-23';
const weeks = ['2026-11-02', '2026-11-09', '2026-11-16'];
const account: ChartData = {
  kind: 'account',
  accountName: 'Acme Corp',
  weeks,
  scores: [70, null, 64],
};
const scope: ChartData = {
  kind: 'scope',
  weeks,
  bands: weeks.map(() => ({ green: 3, yellow: 2, red: 1 })),
  acks: [1.5, null, 2],
};

describe('chart words per language', () => {
  it('draws the Chinese title and week labels into the SVG, and words the alt text', () => {
    const [trend] = chartDrawings(account, TODAY, 'zh-CN');
    expect(trend?.svg).toContain('Acme Corp：近 12 周健康分');
    expect(trend?.svg).toContain('11月2日');
    expect(trend?.title).toBe('Acme Corp：近 12 周健康分');
    expect(trend?.alt).toBe('Acme Corp：近 12 周健康分: 11月2日 70，11月9日 —，11月16日 64');
    const [bands, ack] = chartDrawings(scope, TODAY, 'zh-CN');
    expect(bands?.svg).toContain('近 12 周各健康等级的客户数');
    expect(bands?.alt).toContain('11月2日：绿色 3、黄色 2、红色 1');
    expect(ack?.svg).toContain('告警确认用时中位数');
    expect(ack?.alt).toContain('11月2日 1.5 小时');
  });

  it('English is as it was', () => {
    const [trend] = chartDrawings(account, TODAY, 'en');
    expect(trend?.title).toBe('Acme Corp: health score, last 12 weeks');
    expect(trend?.alt).toBe('Acme Corp: health score, last 12 weeks: 2 Nov 70, 9 Nov —, 16 Nov 64');
    const [bands, ack] = chartDrawings(scope, TODAY, 'en');
    expect(bands?.alt).toContain('2 Nov 3 green, 2 yellow, 1 red; 9 Nov');
    expect(ack?.alt).toContain('2 Nov 1.5 h, 9 Nov —');
    expect(needsCjk(trend?.svg ?? '')).toBe(false);
  });

  it('says "no data" in the reader\'s language', () => {
    const empty: ChartData = { ...account, scores: [null, null, null] } as ChartData;
    expect(chartDrawings(empty, TODAY, 'zh-CN')[0]?.svg).toContain('暂无数据');
  });

  it('without a CJK face, the picture is drawn in English while title and alt stay Chinese', () => {
    const [trend] = chartDrawings(account, TODAY, 'zh-CN', 'en');
    expect(trend?.svg).toContain('Acme Corp: health score, last 12 weeks');
    expect(needsCjk(trend?.svg ?? '')).toBe(false);
    expect(trend?.title).toBe('Acme Corp：近 12 周健康分');
    expect(trend?.alt).toContain('11月2日');
    // An empty font folder has no CJK face.
    expect(canDrawCjk(['/nonexistent-font-dir'])).toBe(false);
  });

  it('the cache key and the Slack upload memo differ per language', () => {
    const spec = { kind: 'account' as const, accountId: 1, accountName: 'Acme Corp' };
    expect(specKey(spec, 'zh-CN')).not.toBe(specKey(spec, 'en'));
    expect(specKey(spec)).toBe(specKey(spec, 'en'));
  });
});
