/**
 * The longest text compared, in characters. Account names are at most 300 characters (the
 * ingestion schema); comparing more only costs time: the work is linear in both lengths and
 * runs once per account, so a query is cut here before any bigram is built.
 */
export const MAX_FUZZY_CHARS = 300;

/** A text's bigram counts, computed once per text. */
interface Grams {
  counts: Map<string, number>;
  size: number;
  plain: string;
}

function grams(text: string): Grams {
  const plain = normalise(text.slice(0, MAX_FUZZY_CHARS));
  const counts = new Map<string, number>();
  const padded = ` ${plain} `;
  for (let i = 0; i < padded.length - 1; i++) {
    const g = padded.slice(i, i + 2);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return { counts, size: plain.length === 0 ? 0 : padded.length - 1, plain };
}

function dice(x: Grams, y: Grams): number {
  if (x.size === 0 || y.size === 0) return x.plain === y.plain ? 1 : 0;
  let shared = 0;
  // Walk the smaller map: the answer is the same and the work is bounded by the shorter text.
  const [small, large] = x.counts.size <= y.counts.size ? [x, y] : [y, x];
  for (const [g, n] of small.counts) shared += Math.min(n, large.counts.get(g) ?? 0);
  return (2 * shared) / (x.size + y.size);
}

/** Similarity of two names in 0..1 from character bigrams (Dice coefficient), case-blind. */
export function similarity(a: string, b: string): number {
  return dice(grams(a), grams(b));
}

export function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The closest names to a query, best first, above a floor that keeps nonsense out. */
export function closest<T>(
  query: string,
  candidates: T[],
  text: (c: T) => string[],
  limit = 3,
  floor = 0.35,
): T[] {
  const q = grams(query);
  return candidates
    .map((c) => ({ c, s: Math.max(...text(c).map((t) => dice(q, grams(t)))) }))
    .filter((x) => x.s >= floor)
    .sort((p, r) => r.s - p.s)
    .slice(0, limit)
    .map((x) => x.c);
}
