/**
 * Ranking for many digests over one portfolio: each section's candidates are sorted once per
 * run, and a channel's scope (a mask over the portfolio) then takes its top rows in one walk.
 * Array.prototype.sort is stable, so "the first k in scope of the sorted whole" is exactly
 * "the first k of the sorted scope": every channel sees what sorting its own accounts would give.
 */

/** Which accounts (positions in the portfolio) a digest covers; null covers everything. */
export interface DigestScope {
  /** 1 at the position of each account in scope. */
  mask: Uint8Array;
  /** The positions in scope, ascending (portfolio order). */
  members: ArrayLike<number>;
}

/** A section's candidates, best first, each with its account's position (-1: none). */
export interface Ranked<T> {
  items: T[];
  at: Int32Array;
}

export function ranked<T>(
  items: T[],
  at: (item: T) => number,
  better: (x: T, y: T) => number,
): Ranked<T> {
  const sorted = [...items].sort(better);
  return { items: sorted, at: Int32Array.from(sorted, at) };
}

/** Candidates drawn from accounts, in portfolio order before ranking. */
export function rankedWhere<A, U>(
  accounts: A[],
  map: (account: A, at: number) => U | null,
  better: (x: U, y: U) => number,
): Ranked<U> {
  const found: { u: U; i: number }[] = [];
  for (let i = 0; i < accounts.length; i++) {
    const u = map(accounts[i] as A, i);
    if (u !== null) found.push({ u, i });
  }
  const r = ranked(
    found,
    (f) => f.i,
    (x, y) => better(x.u, y.u),
  );
  return { items: r.items.map((f) => f.u), at: r.at };
}

/** The best `k` in scope, in order, and how many were in scope. */
export function pick<T>(r: Ranked<T>, scope: DigestScope | null, k: number) {
  if (scope === null) return { top: r.items.slice(0, k), count: r.items.length };
  const top: T[] = [];
  const { mask } = scope;
  let count = 0;
  for (let i = 0; i < r.items.length; i++) {
    if (mask[r.at[i] as number] !== 1) continue;
    if (count++ < k) top.push(r.items[i] as T);
  }
  return { top, count };
}
