import { percent } from './stats';

/** An account active at the start of the period, with its ARR then and at the end. */
export interface CohortAccount {
  startArr: number | null;
  /** ARR on record at the end of the period (what it would be had it stayed). */
  endArr: number | null;
  /** Marked churned during the period (and not undone). */
  churned: boolean;
}

export interface RetentionFigures {
  /** Accounts active at the start of the period. */
  cohort: number;
  churned: number;
  /** churned / cohort, percent. */
  logoChurnRate: number | null;
  /** Σ ARR at the start over the cohort accounts that had ARR. */
  startArr: number;
  /** Σ min(end, start) / Σ start, percent: keeps losses (churn, downgrade), ignores expansion. */
  grr: number | null;
  /** Σ end / Σ start, percent: churn and downgrades offset by expansion. */
  nrr: number | null;
}

/**
 * Gross and net revenue retention over the accounts active at the start of the period. A
 * churned account ends at 0 whatever its ARR on record; accounts won during the period are
 * not in the cohort (new business is not retention). Accounts without a starting ARR count
 * for logo churn only.
 */
export function retentionFigures(cohort: readonly CohortAccount[]): RetentionFigures {
  let start = 0;
  let kept = 0;
  let end = 0;
  let churned = 0;
  for (const a of cohort) {
    if (a.churned) churned++;
    const s = a.startArr ?? 0;
    if (s <= 0) continue;
    const e = a.churned ? 0 : (a.endArr ?? 0);
    start += s;
    kept += Math.min(e, s);
    end += e;
  }
  return retentionFiguresOf({
    cohort: cohort.length,
    churned,
    startArr: start,
    keptArr: kept,
    endArr: end,
  });
}

/** What retention is made of, summed over the cohort as retentionFigures sums it. */
export interface RetentionSums {
  cohort: number;
  churned: number;
  /** Σ start, Σ min(end, start) and Σ end over cohort accounts with a starting ARR > 0. */
  startArr: number;
  keptArr: number;
  endArr: number;
}

/** The figures from sums (the store sums in SQL; retentionFigures sums rows). */
export function retentionFiguresOf(s: RetentionSums): RetentionFigures {
  return {
    cohort: s.cohort,
    churned: s.churned,
    logoChurnRate: percent(s.churned, s.cohort),
    startArr: s.startArr,
    grr: percent(s.keptArr, s.startArr),
    nrr: percent(s.endArr, s.startArr),
  };
}
