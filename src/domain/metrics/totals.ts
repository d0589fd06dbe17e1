import { type ReviewKind, reasonCounts } from '../reviews';
import type { AlertFigures } from './alerts';
import type { BandFigures } from './bands';
import type { FollowUpFigures } from './follow-ups';
import type { DayRange } from './period';
import type { RenewalFigures } from './renewals';
import { type RetentionSums, retentionFiguresOf } from './retention';
import { percent } from './stats';
import { type SurveyCounts, surveyFiguresOf } from './surveys';
import type { PeriodFigures } from './team-metrics';

/**
 * One period's figures as the store aggregates them in SQL (counts, sums, percentile_cont),
 * before the divisions. Each part is what the row-by-row formula (alertFigures,
 * retentionFigures, …) would have counted or summed from the same rows.
 */
export interface PeriodTotals {
  /** Alert counts and hours; `acknowledgedFired` counts fired alerts with an acknowledgement. */
  alerts: Omit<AlertFigures, 'unacknowledged'> & { acknowledgedFired: number };
  loops: { due: number; closedOnTime: number };
  followUps: FollowUpFigures;
  renewals: RenewalFigures;
  retention: RetentionSums;
  surveys: SurveyCounts;
  bands: BandFigures;
  reviews: { kind: ReviewKind; reason: string; count: number }[];
}

/** Every figure of one period from its totals: the same figures periodFigures gives. */
export function figuresFromTotals(days: DayRange, t: PeriodTotals): PeriodFigures {
  const { acknowledgedFired, ...alerts } = t.alerts;
  // Reviews in a period are few (one per churn or save): counted reasons are sorted the way
  // reasonCounts sorts reviews.
  const reviews = t.reviews.flatMap((r) =>
    Array.from({ length: r.count }, () => ({ kind: r.kind, reason: r.reason })),
  );
  return {
    days,
    alerts: { ...alerts, unacknowledged: alerts.opened - acknowledgedFired },
    loops: { ...t.loops, onTimeRate: percent(t.loops.closedOnTime, t.loops.due) },
    followUps: t.followUps,
    renewals: t.renewals,
    retention: retentionFiguresOf(t.retention),
    surveys: surveyFiguresOf(t.surveys),
    bands: t.bands,
    reasons: reasonCounts(reviews),
  };
}
