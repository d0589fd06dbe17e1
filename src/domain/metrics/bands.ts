import type { Band } from '../health';

/** An account's band at the start and at the end of the period (null: no score then). */
export interface BandPair {
  start: Band | null;
  end: Band | null;
}

export type BandCounts = Record<Band | 'none', number>;

export interface BandFigures {
  /** Accounts per band at the end of the period. */
  end: BandCounts;
  /** Accounts per band at the start. */
  start: BandCounts;
  /** Moved to a better band (red → yellow, yellow → green, red → green). */
  up: number;
  /** Moved to a worse band. */
  down: number;
}

const RANK: Record<Band, number> = { red: 0, yellow: 1, green: 2 };
const empty = (): BandCounts => ({ green: 0, yellow: 0, red: 0, none: 0 });

/** Counts per band then and now; a move needs a band at both ends. */
export function bandFigures(pairs: readonly BandPair[]): BandFigures {
  const out: BandFigures = { end: empty(), start: empty(), up: 0, down: 0 };
  for (const p of pairs) {
    out.start[p.start ?? 'none']++;
    out.end[p.end ?? 'none']++;
    if (p.start && p.end && p.start !== p.end) {
      if (RANK[p.end] > RANK[p.start]) out.up++;
      else out.down++;
    }
  }
  return out;
}
