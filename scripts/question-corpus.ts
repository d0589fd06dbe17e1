// Prints the question parser's exact-match rate on each part of the corpus
// (tests/fixtures/questions): `npm run questions:corpus`, or with --misses to list them.
import { CORPUS_PARTS, canonical, scorePart } from '../tests/helpers/question-corpus';

const showMisses = process.argv.includes('--misses');
for (const part of CORPUS_PARTS) {
  const s = scorePart(part);
  console.log(`${part}: ${s.matched}/${s.total} exact (${(s.rate * 100).toFixed(1)}%)`);
  if (showMisses) {
    for (const m of s.misses) {
      console.log(
        `  ${m.text}\n    expected ${canonical(m.expected)}\n    got      ${canonical(m.got)}`,
      );
    }
  }
}
