/** Similarity of two names in 0..1 from character bigrams (Dice coefficient), case-blind. */
export function similarity(a: string, b: string): number {
  const x = bigrams(normalise(a));
  const y = bigrams(normalise(b));
  if (x.length === 0 || y.length === 0) return normalise(a) === normalise(b) ? 1 : 0;
  const counts = new Map<string, number>();
  for (const g of x) counts.set(g, (counts.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of y) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (x.length + y.length);
}

export function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function bigrams(text: string): string[] {
  const padded = ` ${text} `;
  const out: string[] = [];
  for (let i = 0; i < padded.length - 1; i++) out.push(padded.slice(i, i + 2));
  return out;
}

/** The closest names to a query, best first, above a floor that keeps nonsense out. */
export function closest<T>(
  query: string,
  candidates: T[],
  text: (c: T) => string[],
  limit = 3,
  floor = 0.35,
): T[] {
  return candidates
    .map((c) => ({ c, s: Math.max(...text(c).map((t) => similarity(query, t))) }))
    .filter((x) => x.s >= floor)
    .sort((p, q) => q.s - p.s)
    .slice(0, limit)
    .map((x) => x.c);
}
