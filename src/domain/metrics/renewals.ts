/** A renewal decided in the period, or due in it and still undecided. */
export interface RenewalRow {
  outcome: 'renewed' | 'churned' | null;
  arr: number | null;
}

export interface CountAndArr {
  count: number;
  arr: number;
}

export interface RenewalFigures {
  won: CountAndArr;
  lost: CountAndArr;
  /** Due in the period and neither renewed nor churned yet. */
  open: CountAndArr;
}

/** Sums by outcome; an account without ARR counts with 0. */
export function renewalFigures(rows: readonly RenewalRow[]): RenewalFigures {
  const out: RenewalFigures = {
    won: { count: 0, arr: 0 },
    lost: { count: 0, arr: 0 },
    open: { count: 0, arr: 0 },
  };
  for (const r of rows) {
    const bucket =
      r.outcome === 'renewed' ? out.won : r.outcome === 'churned' ? out.lost : out.open;
    bucket.count++;
    bucket.arr += r.arr ?? 0;
  }
  return out;
}
