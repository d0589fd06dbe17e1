import { type ReasonCount, type ReviewKind, reasonCounts } from '../reviews';
import type { SubscriptionFilters } from '../subscription-filter';
import { type AlertFigures, type AlertTimes, alertFigures } from './alerts';
import { type BandFigures, type BandPair, bandFigures } from './bands';
import { type FollowUpDays, type FollowUpFigures, followUpFigures } from './follow-ups';
import { type LoopFigures, type LoopTimes, loopFigures } from './loops';
import type { DayRange, PeriodName } from './period';
import { type RenewalFigures, type RenewalRow, renewalFigures } from './renewals';
import { type CohortAccount, type RetentionFigures, retentionFigures } from './retention';
import { type SurveyFigures, type SurveyScore, surveyFigures } from './surveys';

/** Everything the store gathers for one period: raw rows, no figures. */
export interface PeriodInputs {
  days: DayRange;
  /** The period as instants: the start of its first day to the end of its last, in the zone. */
  from: Date;
  to: Date;
  alerts: AlertTimes[];
  loops: LoopTimes[];
  followUps: FollowUpDays[];
  renewals: RenewalRow[];
  cohort: CohortAccount[];
  surveys: SurveyScore[];
  bands: BandPair[];
  reviews: ReviewRow[];
}

export interface ReviewRow {
  kind: ReviewKind;
  reason: string;
}

export interface PeriodFigures {
  days: DayRange;
  alerts: AlertFigures;
  loops: LoopFigures;
  followUps: FollowUpFigures;
  renewals: RenewalFigures;
  retention: RetentionFigures;
  surveys: SurveyFigures;
  bands: BandFigures;
  /** Churn and save reviews written in the period, by reason. */
  reasons: { churn: ReasonCount[]; save: ReasonCount[] };
}

/** The team's accounts (narrowed by a metrics subscription's filters), or one person's. */
export type MetricsScope =
  | { kind: 'team'; filters?: SubscriptionFilters }
  | { kind: 'person'; email: string };

export interface TeamMetrics {
  scope: MetricsScope;
  period: PeriodName;
  current: PeriodFigures;
  previous: PeriodFigures;
}

/** Every figure of one period from its inputs; `today` and `now` bound what is over. */
export function periodFigures(inputs: PeriodInputs, today: string, now: Date): PeriodFigures {
  return {
    days: inputs.days,
    alerts: alertFigures(inputs.alerts, inputs.from, inputs.to),
    loops: loopFigures(inputs.loops, inputs.from, inputs.to, now),
    followUps: followUpFigures(inputs.followUps, inputs.days, today),
    renewals: renewalFigures(inputs.renewals),
    retention: retentionFigures(inputs.cohort),
    surveys: surveyFigures(inputs.surveys),
    bands: bandFigures(inputs.bands),
    reasons: reasonCounts(inputs.reviews),
  };
}
