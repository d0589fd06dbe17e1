import { describe, expect, it } from 'vitest';
import { type AccountView, accountCard } from '../../../src/cards/account-card';
import { AC_LIMITS, renderAdaptiveCard } from '../../../src/cards/adaptive-card';
import { alertCard } from '../../../src/cards/alert-card';
import { LIMITS, renderBlocks } from '../../../src/cards/block-kit';
import { renderModal } from '../../../src/cards/block-kit-modal';
import { digestCard } from '../../../src/cards/digest-card';
import type { Card } from '../../../src/cards/model';
import { type DigestAccount, selectDigest } from '../../../src/domain/digest';
import type { Locale } from '../../../src/domain/locale';
import { featureCards } from '../../helpers/feature-cards';
import { openAlertView } from '../../helpers/fixtures';

// Slack counts characters, not bytes, for its text limits: 阿 is one character (three UTF-8
// bytes). Array.from counts code points, so an emoji is one too, as Slack counts it.
const chars = (s: string) => Array.from(s).length;
const LONG_ZH = '阿里巴巴（中国）网络技术有限公司华东区域企业客户成功与续约管理事业部'.repeat(6);

type Json = Record<string, unknown>;

/** Every Block Kit text past its limit, as "where: length > limit". */
function overLimits(blocks: Json[]): string[] {
  const out: string[] = [];
  const check = (where: string, text: unknown, max: number) => {
    if (typeof text === 'string' && chars(text) > max)
      out.push(`${where}: ${chars(text)} > ${max}`);
  };
  if (blocks.length > LIMITS.messageBlocks) out.push(`blocks: ${blocks.length}`);
  for (const b of blocks) {
    const text = (b.text as Json | undefined)?.text;
    if (b.type === 'header') check('header', text, LIMITS.headerText);
    if (b.type === 'section') check('section', text, LIMITS.sectionText);
    for (const f of (b.fields as Json[] | undefined) ?? [])
      check('field', f.text, LIMITS.fieldText);
    for (const e of (b.elements as Json[] | undefined) ?? []) {
      if (b.type === 'context') check('context', e.text, LIMITS.fieldText);
      const label = (e.text as Json | undefined)?.text ?? (e.placeholder as Json | undefined)?.text;
      check(`${String(e.type)} text`, label, LIMITS.buttonText);
      for (const o of (e.options as Json[] | undefined) ?? []) {
        check('option', (o.text as Json).text, LIMITS.optionText);
      }
    }
    const accessory = b.accessory as Json | undefined;
    if (accessory)
      check('accessory', (accessory.text as Json | undefined)?.text, LIMITS.buttonText);
  }
  return out;
}

function account(name: string): AccountView {
  const items = (what: string) =>
    Array.from({ length: 3 }, (_, i) => ({
      text: `${what} ${i}：${LONG_ZH.slice(0, 120)}`,
      due: '2026-12-20',
      owner: '王小明@example.cn',
      state: 'acknowledged',
      who: '李华',
    }));
  return {
    id: 7,
    name,
    domain: 'alibaba.example.cn',
    externalId: 'cn-7',
    segment: '企业',
    tier: '白金',
    arr: 12_500_000,
    owner: '王小明@example.cn',
    stage: 'renewal due',
    renewal: { date: '2027-01-15', daysLeft: 40 },
    health: {
      score: 41,
      band: 'red',
      day: '2026-12-06',
      measures: [
        { key: 'usage', score: 20, weight: 35, effectiveWeight: 35, pointsLost: 28, detail: '' },
        { key: 'recency', score: 90, weight: 20, effectiveWeight: 20, pointsLost: 2, detail: '' },
      ],
      drivers: [{ measure: 'usage', text: LONG_ZH.slice(0, 200), pointsLost: 28 }],
    },
    trend: { sparkline: '▇▆▅▃▂▁', delta7: -12, delta30: -30, points: [] } as never,
    followUps: { items: items('跟进'), total: 40 },
    alerts: { items: items('警报'), total: 12 },
  };
}

function digestOf(locale: Locale): Card {
  const accounts: DigestAccount[] = Array.from({ length: 400 }, (_, i) => ({
    id: i + 1,
    name: `${LONG_ZH.slice(0, 60)}${i}`,
    arr: 100_000 + i * 1000,
    owner: `负责人${i}@example.cn`,
    renewalDate: '2026-12-20',
    score: 30,
    band: 'red',
    prevScore: 80,
    prevBand: 'green',
  }));
  const digest = selectDigest({
    today: '2026-12-06',
    since: '2026-12-05',
    accounts,
    alerts: accounts.slice(0, 30).map((a) => ({
      accountName: a.name,
      summary: '活跃用户比前 30 天下降 40%',
      severity: 'warning',
      firedAt: new Date('2026-12-05T10:00:00Z'),
    })),
    followUps: accounts.slice(0, 30).map((a) => ({
      accountName: a.name,
      title: '发送季度业务回顾报告',
      dueOn: '2026-12-01',
      owner: a.owner,
    })),
  });
  return digestCard({
    digest,
    scope: '全部客户',
    accounts: 400,
    today: '2026-12-06',
    since: '2026-12-05',
    locale,
  });
}

describe('cards in Chinese stay within Block Kit and Adaptive Card limits', () => {
  const at = new Date('2026-12-06T09:00:00Z');
  const cards: [string, Card][] = [
    ['account', accountCard(account(LONG_ZH), 'zh-CN')],
    [
      'alert',
      alertCard({
        ...openAlertView(at, `活跃用户下降：${LONG_ZH}`),
        account: { name: LONG_ZH, owner: '王小明', arr: 9_900_000, renewalDate: '2027-01-15' },
        signals: Array.from({ length: 4 }, () => ({
          rule: 'detractor',
          severity: 'critical',
          summary: LONG_ZH.slice(0, 150),
        })),
        locale: 'zh-CN',
      }),
    ],
    ['digest', digestOf('zh-CN')],
    // The feature cards (stats, loops, plans, prep, timeline, playbooks, Home, routing,
    // catch-up, "N more alerts", opportunity, forms) about an account with a very long name.
    ...featureCards(LONG_ZH, 'zh-CN').map(([n, c]): [string, Card] => [`${n} (long name)`, c]),
  ];

  it.each(cards)('%s card: Slack limits in characters, Teams bytes', (_name, card) => {
    expect(JSON.stringify(card)).toMatch(/[\u4e00-\u9fff]/);
    const blocks = renderBlocks(card) as unknown as Json[];
    expect(overLimits(blocks)).toEqual([]);
    // Teams' limit is on the payload's bytes, where a Chinese character is three.
    expect(Buffer.byteLength(JSON.stringify(renderAdaptiveCard(card)))).toBeLessThanOrEqual(
      AC_LIMITS.cardBytes,
    );
  });

  it('forms fit a Slack modal in Chinese: the title whole within 24 characters', () => {
    const forms = featureCards(LONG_ZH, 'zh-CN').filter(([, c]) => c.submit);
    expect(forms.length).toBeGreaterThan(5);
    for (const [, form] of forms) {
      const modal = renderModal(form);
      expect(modal.title.text).toBe(form.title);
      expect(chars(modal.title.text)).toBeLessThanOrEqual(LIMITS.viewTitle);
      expect(overLimits(modal.blocks as unknown as Json[])).toEqual([]);
    }
  });

  it('the long Chinese name is cut to whole characters in the header, not clipped by a limit', () => {
    const card = accountCard(account(LONG_ZH), 'zh-CN');
    const header = (renderBlocks(card)[0] as unknown as { text: { text: string } }).text.text;
    expect(chars(header)).toBe(80);
    expect(header.endsWith('…')).toBe(true);
  });

  it('the check can fail: a header past 150 characters is reported', () => {
    const header = { type: 'header', text: { type: 'plain_text', text: '阿'.repeat(151) } };
    expect(overLimits([header])).toEqual(['header: 151 > 150']);
    // In bytes the same header would be 453: measured as bytes it would be refused wrongly.
    expect(Buffer.byteLength('阿'.repeat(151))).toBe(453);
  });
});
