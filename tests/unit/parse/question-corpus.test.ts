import { describe, expect, it } from 'vitest';
import { CORPUS_PARTS, canonical, loadPart, scorePart } from '../../helpers/question-corpus';

// The corpus of tests/fixtures/questions: "tuned" is what the parser's rules were adjusted on,
// "held-out" was written (and committed) before the parser and is never tuned against.
// `npm run questions:corpus -- --misses` prints both rates and every miss.
describe('question corpus', () => {
  it('holds at least 150 questions, about half of them Chinese, 40+ held out', () => {
    const all = CORPUS_PARTS.flatMap((p) => loadPart(p));
    const chinese = all.filter((q) => /[\u3400-\u9fff]/.test(q.text)).length;
    expect(all.length).toBeGreaterThanOrEqual(150);
    expect(chinese / all.length).toBeGreaterThan(0.4);
    expect(chinese / all.length).toBeLessThan(0.6);
    expect(loadPart('held-out').length).toBeGreaterThanOrEqual(40);
  });

  it('has no question in both parts', () => {
    const tuned = new Set(loadPart('tuned').map((q) => q.text));
    expect(loadPart('held-out').filter((q) => tuned.has(q.text))).toEqual([]);
  });

  it('parses at least 90% of the tuned part exactly', () => {
    const s = scorePart('tuned');
    console.log(`question corpus, tuned: ${s.matched}/${s.total} (${(s.rate * 100).toFixed(1)}%)`);
    expect(
      s.rate,
      s.misses.map((m) => `${m.text} → ${canonical(m.got)}`).join('\n'),
    ).toBeGreaterThanOrEqual(0.9);
  });

  it('reports the held-out rate (never tuned against; reported, not asserted high)', () => {
    const s = scorePart('held-out');
    console.log(
      `question corpus, held-out: ${s.matched}/${s.total} (${(s.rate * 100).toFixed(1)}%)`,
    );
    // Only a floor against a collapse: a parser that broke would fall far below this.
    expect(s.rate).toBeGreaterThanOrEqual(0.5);
  });
});
