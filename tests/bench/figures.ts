/** One measured figure beside its same-run baseline, for `npm run bench -- all`. */
export interface Figure {
  what: string;
  value: number;
  unit: string;
  /** What it is compared with, measured in the same run (ratio = value / baseline.value). */
  baseline?: { what: string; value: number };
  dataset: string;
}

/** What a bench's main() may return: its figures, beside anything else it reports. */
export interface BenchResult {
  figures?: Figure[];
}
