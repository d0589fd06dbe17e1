import type { Band } from '../health';
import type { AlertTimes } from './alerts';
import type { BandPair } from './bands';
import type { FollowUpDays } from './follow-ups';
import type { LoopTimes } from './loops';
import { type DayRange, dayInRange, type Periods } from './period';
import type { RenewalRow } from './renewals';
import type { CohortAccount } from './retention';
import type { SurveyScore } from './surveys';
import type { PeriodInputs, ReviewRow } from './team-metrics';

/**
 * The previous period's start and end, the current period's start and end (instants; an end
 * is the start of the day after). For 7d/30d/90d the previous end is the current start; a
 * quarter's previous period may end earlier.
 */
export type Edges = readonly [Date, Date, Date, Date];
type Four<T> = readonly [T, T, T, T];

/** One account's state at each edge, as the store reads it. */
export interface AccountAtEdges {
  /** The day it became a customer (contract start, else when it was recorded). */
  since: string;
  /** When it was marked churned (a churn that stands), if it was. */
  churnedAt: Date | null;
  /** ARR at each edge. */
  arr: Four<number | null>;
  /** The band of its latest score on or before the last day before each edge. */
  band: Four<Band | null>;
}

export interface RenewalSpanRow extends RenewalRow {
  /** When it was renewed or churned; null while undecided. */
  decidedAt: Date | null;
  /** The renewal date it was about. */
  dueOn: string;
}

export interface SurveySpanRow extends SurveyScore {
  answeredOn: string;
}

/** Everything the store gathers once for both periods (previous start → current end). */
export interface SpanInputs {
  alerts: AlertTimes[];
  loops: LoopTimes[];
  followUps: FollowUpDays[];
  renewals: RenewalSpanRow[];
  surveys: SurveySpanRow[];
  accounts: AccountAtEdges[];
  /** Churn and save reviews written in the span. */
  reviews: (ReviewRow & { at: Date })[];
}

const inInstants = (at: Date, from: Date, to: Date) =>
  at.getTime() >= from.getTime() && at.getTime() < to.getTime();

/** An account is in a period's cohort when it was a customer, not churned, at the start. */
function activeAt(a: AccountAtEdges, day: string, at: Date): boolean {
  return a.since < day && (a.churnedAt === null || a.churnedAt.getTime() >= at.getTime());
}

function periodOf(
  span: SpanInputs,
  days: DayRange,
  from: Date,
  to: Date,
  startEdge: 0 | 2,
): PeriodInputs {
  const endEdge = (startEdge + 1) as 1 | 3;
  const cohort: CohortAccount[] = span.accounts
    .filter((a) => activeAt(a, days.from, from))
    .map((a) => ({
      startArr: a.arr[startEdge],
      endArr: a.arr[endEdge],
      churned: a.churnedAt !== null && inInstants(a.churnedAt, from, to),
    }));
  // Bands over accounts that are customers at the end of the period (not churned by then).
  const bands: BandPair[] = span.accounts
    .filter(
      (a) => a.since <= days.to && (a.churnedAt === null || a.churnedAt.getTime() >= to.getTime()),
    )
    .map((a) => ({ start: a.band[startEdge], end: a.band[endEdge] }));
  return {
    days,
    from,
    to,
    alerts: span.alerts,
    loops: span.loops,
    followUps: span.followUps,
    renewals: span.renewals.filter((r) =>
      r.decidedAt === null ? dayInRange(r.dueOn, days) : inInstants(r.decidedAt, from, to),
    ),
    cohort,
    surveys: span.surveys.filter((s) => dayInRange(s.answeredOn, days)),
    bands,
    reviews: span.reviews.filter((r) => inInstants(r.at, from, to)),
  };
}

/**
 * Splits what was gathered over both periods into each one's inputs. Alerts, loops and
 * follow-ups go whole to both: their formulas pick what falls in the period themselves.
 */
export function splitSpan(
  span: SpanInputs,
  periods: Periods,
  edges: Edges,
): { current: PeriodInputs; previous: PeriodInputs } {
  return {
    previous: periodOf(span, periods.previous, edges[0], edges[1], 0),
    current: periodOf(span, periods.current, edges[2], edges[3], 2),
  };
}
