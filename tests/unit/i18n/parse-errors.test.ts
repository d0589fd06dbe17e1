import { describe, expect, it } from 'vitest';
import { tm } from '../../../src/cards/i18n/t';
import {
  DEFAULT_ROUTING,
  describeRouting,
  parseAlertsChange,
  parseDailyRange,
} from '../../../src/domain/routing';
import { parseDuration, parseSubscribe } from '../../../src/domain/subscription-command';

// The parse errors of /cs subscribe, /cs alerts, /cs pause and /cs hours are keys the reader's
// language words: English exactly as it was before the keys, Chinese with no English prose left.
const RULES = ['inactivity', 'detractor'];
const refusal = (r: { ok: boolean; message?: unknown }) => {
  if (r.ok) throw new Error('accepted');
  return r.message as { key: string; params?: Record<string, string | number> };
};

describe('parse errors as message keys', () => {
  it('English stays word for word', () => {
    const bad = refusal(parseSubscribe('digest colour=blue'));
    expect(bad.key).toBe('parse.unknownFilter');
    expect(tm('en', bad)).toMatch(/^I don't know the filter "colour"\. Try cs subscribe digest\|/);
    expect(tm('en', refusal(parseSubscribe('digest hello')))).toMatch(
      /^I don't understand "hello"\. Try cs subscribe/,
    );
    expect(tm('en', refusal(parseAlertsChange('rules=a,b', RULES)))).toBe(
      "I don't know the rules a, b: the rules are inactivity, detractor.",
    );
    expect(tm('en', refusal(parseAlertsChange('rules=a', RULES)))).toBe(
      "I don't know the rule a: the rules are inactivity, detractor.",
    );
    expect(tm('en', refusal(parseDuration('soon')))).toBe(
      '"soon" is not a duration like 7d, 12h or 2w.',
    );
    expect(tm('en', refusal(parseDailyRange('9-9')))).toBe(
      'The range starts and ends at the same time.',
    );
  });

  it('Chinese for every refusal, with the typed words and the command forms kept', () => {
    const cases = [
      parseSubscribe(''),
      parseSubscribe('digest at'),
      parseSubscribe('digest at 25:00'),
      parseSubscribe('digest tz Mars/Base'),
      parseSubscribe('digest hello'),
      parseSubscribe('digest tier='),
      parseSubscribe('digest min_arr=lots'),
      parseSubscribe('digest owner=jane'),
      parseSubscribe('digest colour=blue'),
      parseDuration('soon'),
      parseAlertsChange('rules=a', RULES),
      parseAlertsChange('rules=a,b', RULES),
      parseAlertsChange('colour=blue', RULES),
      parseDailyRange('late'),
      parseDailyRange('9-9'),
    ];
    const keys = new Set<string>();
    for (const r of cases) {
      const msg = refusal(r);
      keys.add(msg.key);
      const zh = tm('zh-CN', msg);
      expect(zh, msg.key).toMatch(/[\u4e00-\u9fff]/);
      // No English sentence: strip what the person typed and the command forms, then no words.
      const stripped = Object.values(msg.params ?? {})
        .map(String)
        .sort((a, b) => b.length - a.length)
        .reduce<string>((s, v) => s.replaceAll(String(v), ''), zh);
      expect(stripped.replace(/owner=|Europe\/Berlin|\d+[dhw]|[\d:-]+/g, ''), msg.key).not.toMatch(
        /[A-Za-z]{3,}/,
      );
    }
    expect(keys.size).toBe(14);
    expect(tm('zh-CN', refusal(parseSubscribe('digest colour=blue')))).toMatch(
      /^我不认识筛选条件“colour”。试试 cs subscribe digest\|/,
    );
  });

  it('the /cs alerts summary in Chinese, every delivery and scope', () => {
    for (const delivery of ['dm', 'channel', 'both'] as const) {
      for (const scope of ['mine', 'team', 'all'] as const) {
        const zh = describeRouting({
          ...DEFAULT_ROUTING,
          delivery,
          scope,
          work: { start: 540, end: 1080 },
        }).map((m) => tm('zh-CN', m));
        expect(zh.join(' ').replace(/\bDM\b/g, ''), `${delivery} ${scope}`).not.toMatch(
          /[A-Za-z]{2,}/,
        );
        expect(zh[2]).toBe('工作时间：09:00-18:00');
      }
    }
  });
});
