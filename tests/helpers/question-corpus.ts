import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuestion, type Question } from '../../src/domain/parse/question';

export interface CorpusCase {
  text: string;
  expect: Question;
}
export interface CorpusScore {
  part: string;
  total: number;
  matched: number;
  rate: number;
  misses: { text: string; expected: Question; got: Question }[];
}

const DIR = join(import.meta.dirname, '../fixtures/questions');
export const CORPUS_PARTS = ['tuned', 'held-out'] as const;

export function loadPart(part: string): CorpusCase[] {
  return (
    JSON.parse(readFileSync(join(DIR, `${part}.json`), 'utf8')) as { questions: CorpusCase[] }
  ).questions;
}

/** Keys sorted at every level: equal questions print the same, whatever order keys came in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Exact match: the whole parsed question, filters and all, equals the expected one. */
export function scorePart(part: string): CorpusScore {
  const cases = loadPart(part);
  const misses: CorpusScore['misses'] = [];
  for (const c of cases) {
    const got = parseQuestion(c.text);
    if (canonical(got) !== canonical(c.expect))
      misses.push({ text: c.text, expected: c.expect, got });
  }
  const matched = cases.length - misses.length;
  return { part, total: cases.length, matched, rate: matched / cases.length, misses };
}
