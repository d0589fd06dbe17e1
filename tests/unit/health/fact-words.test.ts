import { describe, expect, it } from 'vitest';
import { factWords, whyLine } from '../../../src/cards/health-why';
import { type Fact, factsText, factText } from '../../../src/domain/health';

/** One of every fact, with singular and plural counts where the words change. */
const FACTS: Fact[] = [
  ['usage_none'],
  ['usage_drop', 'logins', 42],
  ['usage_drop', 'users', 31],
  ['usage_util', 7],
  ['recency_none'],
  ['recency_never'],
  ['recency_today'],
  ['recency_gap', 1],
  ['recency_gap', 16],
  ['recency_ago', 1],
  ['recency_ago', 2],
  ['adoption_none'],
  ['adoption', 3, 10],
  ['support_none'],
  ['support_nothing'],
  ['support_clear'],
  ['support_old_urgent', 1, 7],
  ['support_old_urgent', 2, 1],
  ['support_open', 1, 0, 1, 0, 0],
  ['support_open', 4, 1, 0, 1, 2],
  ['sentiment_none'],
  ['csat', 3],
  ['csat', 4.2],
  ['detractor', 3, 'bob@acme.com', '2026-11-02'],
  ['detractor', 0, null, '2026-01-15'],
  ['detractors', 2, 5, 'ann@acme.com', '2026-10-30'],
  ['detractors', 3, 1, null, '2026-10-30'],
  ['nps', 20, 1],
  ['nps', -40, 5],
  ['nps', 0, 2],
];

describe('health facts in words', () => {
  it('the English catalog says exactly what the engine says', () => {
    for (const fact of FACTS) expect(factWords('en', fact), fact[0]).toBe(factText(fact));
    const two: Fact[] = [
      ['usage_drop', 'logins', 42],
      ['usage_util', 20],
    ];
    expect(whyLine('en', two)).toBe(factsText(two));
  });

  it('Chinese words every fact in Chinese', () => {
    for (const fact of FACTS) {
      const zh = factWords('zh-CN', fact);
      expect(zh, fact[0]).not.toBe(factText(fact));
      expect(zh, fact[0]).not.toMatch(/\b(no|fell|login|of|open|from|detractors?|answers?)\b/);
    }
  });
});
