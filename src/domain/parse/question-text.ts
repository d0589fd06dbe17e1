import type { Phrase } from './question-words';

/**
 * Text helpers for the question parser: one normal form (full-width folded, lower case,
 * mentions and sentence punctuation gone), number words as digits, and phrase removal that
 * respects word boundaries for Latin words and not for Chinese (which has no spaces).
 */

const CJK = /[\u3400-\u9fff]/;
export const hasCjk = (s: string): boolean => CJK.test(s);

export function normaliseQuestion(input: string): string {
  return (
    input
      .normalize('NFKC')
      .toLowerCase()
      // Slack mentions (<@U123>, <@U123|name>) and Teams <at>…</at> are who, not what.
      .replace(/<@[^>]*>/g, ' ')
      .replace(/<at>[^<]*<\/at>/g, ' ')
      .replace(/[’‘`]/g, "'")
      .replace(/[“”"«»「」『』【】]/g, ' ')
      .replace(/[?!;:。，、；：！？~…()（）]/g, ' ')
      // A comma between digits groups thousands ($250,000); any other is punctuation.
      .replace(/,(?!\d{3})/g, ' ')
      // A full stop ends a sentence; inside an e-mail or a number it stays.
      .replace(/\.(?=\s|$)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 三十 → 30, 一百二十 → 120, 十五 → 15; null when it is not a number below 10,000. */
export function chineseNumber(s: string): number | null {
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in CN_DIGITS) {
      digit = CN_DIGITS[ch]!;
      continue;
    }
    const unit = ch === '十' ? 10 : ch === '百' ? 100 : ch === '千' ? 1000 : 0;
    if (unit === 0) return null;
    total += (digit ?? 1) * unit;
    digit = null;
  }
  return total + (digit ?? 0);
}

const EN_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  'forty-five': 45,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  a: 1,
};

/**
 * Number words before a unit become digits: "next two weeks" → "next 2 weeks", "三十天" →
 * "30天", "十万" → "10万". Only before a unit, so "一下" or "a company" stay words.
 */
export function digitsForNumberWords(text: string): string {
  return text
    .replace(
      /(?<![a-z])(one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty-five|forty|fifty|sixty|ninety|a)\s+(days?|weeks?|months?|quarters?)\b/g,
      (_, n: string, unit: string) => `${EN_NUMBERS[n]} ${unit}`,
    )
    .replace(
      /([零一二两三四五六七八九十百千]+)(?=天|日|周|个星期|星期|个月|月内|万|亿|美元|元)/g,
      (m) => {
        const n = chineseNumber(m);
        return n === null ? m : String(n);
      },
    );
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase as a pattern: Latin on word boundaries, Chinese anywhere. */
export function phrasePattern(phrase: string): RegExp {
  if (hasCjk(phrase)) return new RegExp(escapeRegExp(phrase));
  return new RegExp(`(?<![\\p{L}\\p{N}'@])${escapeRegExp(phrase)}(?![\\p{L}\\p{N}@])`, 'u');
}

/** Every phrase of every entry, longest first, with its value. */
export function byLength<T>(phrases: Phrase<T>[]): { phrase: string; value: T; re: RegExp }[] {
  return phrases
    .flatMap((p) =>
      p.words.map((phrase) => ({ phrase, value: p.value, re: phrasePattern(phrase) })),
    )
    .sort((a, b) => b.phrase.length - a.phrase.length);
}

/** The mutable rest of a question: each understood phrase is cut out of it. */
export class Rest {
  constructor(public text: string) {}

  /** Cuts the first match out and returns its groups, or null. */
  cut(re: RegExp): RegExpExecArray | null {
    const m = re.exec(this.text);
    if (!m) return null;
    this.text = `${this.text.slice(0, m.index)} ${this.text.slice(m.index + m[0].length)}`;
    return m;
  }

  /** The value of the longest phrase found (and cuts it out), or null. */
  take<T>(phrases: { value: T; re: RegExp }[]): T | null {
    for (const p of phrases) if (this.cut(p.re)) return p.value;
    return null;
  }

  has(re: RegExp): boolean {
    return re.test(this.text);
  }
}
