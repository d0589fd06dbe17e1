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
  return {
    cohort: cohort.length,
    churned,
    logoChurnRate: percent(churned, cohort.length),
    startArr: start,
    grr: percent(kept, start),
    nrr: percent(end, start),
  };
}
