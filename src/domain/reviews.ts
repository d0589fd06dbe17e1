/**
 * Churn and save reviews: why an account was lost or kept, what led there (a timeline built
 * from its record) and what the team learned.
 */
export type ReviewKind = 'churn' | 'save';

export const DEFAULT_REASONS = [
  'price',
  'product_gap',
  'champion_left',
  'budget',
  'poor_onboarding',
  'support',
  'competitor',
  'acquired_closed',
  'other',
] as const;

const WORDS: Record<string, string> = {
  price: 'Price',
  product_gap: 'Product gap',
  champion_left: 'Champion left',
  budget: 'Budget',
  poor_onboarding: 'Poor onboarding',
  support: 'Support',
  competitor: 'Competitor',
  acquired_closed: 'Acquired / closed',
  other: 'Other',
};

/** A reason code in words: the defaults have theirs, a configured code reads as itself. */
export function reasonWords(code: string): string {
  return WORDS[code] ?? code.replaceAll('_', ' ');
}

/** How far back a review's timeline looks. */
export const TIMELINE_DAYS = 180;
/** A timeline longer than this keeps the latest entries (a card has room for so many). */
export const TIMELINE_MAX = 40;

export interface TimelineEntry {
  at: Date;
  kind: 'alert' | 'alert-resolved' | 'loop' | 'loop-closed' | 'follow-up' | 'follow-up-done';
  /** The line in English, as stored since reviews began. */
  text: string;
  /** What a card words in the reader's language (an alert's summary_args, a title); absent on older rows. */
  args?: unknown;
  /** Who resolved an alert, when known. */
  by?: string | null;
}

/**
 * The account's story, oldest first: entries from `since` on (the last TIMELINE_DAYS), the
 * latest TIMELINE_MAX of them when there are more. Entries at the same instant keep their
 * order of kinds (an alert before its resolution).
 */
export function buildTimeline(
  entries: readonly TimelineEntry[],
  since: Date,
  max = TIMELINE_MAX,
): TimelineEntry[] {
  const kept = entries
    .filter((e) => e.at.getTime() >= since.getTime())
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map((x) => x.e);
  return kept.length > max ? kept.slice(kept.length - max) : kept;
}

export interface ReasonCount {
  reason: string;
  count: number;
}

/** Reviews by reason, most frequent first (ties by reason), for churns and saves apart. */
export function reasonCounts(rows: readonly { kind: ReviewKind; reason: string }[]): {
  churn: ReasonCount[];
  save: ReasonCount[];
} {
  const count = (kind: ReviewKind) => {
    const m = new Map<string, number>();
    for (const r of rows) if (r.kind === kind) m.set(r.reason, (m.get(r.reason) ?? 0) + 1);
    return [...m]
      .map(([reason, n]) => ({ reason, count: n }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  };
  return { churn: count('churn'), save: count('save') };
}
