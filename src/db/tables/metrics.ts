import type { Generated, Selectable } from 'kysely';
import type { Instant, Json } from './accounts';

/** Every ARR an account has had, from `at` on (migration 0050): retention reads it. */
export interface AccountArrChangesTable {
  id: Generated<number>;
  account_id: number;
  at: Instant;
  arr: number | null;
}

export type LoopReason = 'detractor' | 'low_csat' | 'passive';
export type LoopOutcome = 'contacted' | 'resolved' | 'recovered' | 'unreachable' | 'not_needed';

/** The closed loop on one survey answer: its clock, escalation and outcome. */
export interface SurveyLoopsTable {
  id: Generated<number>;
  account_id: number;
  survey_answer_id: number;
  reason: LoopReason;
  opened_at: Instant;
  due_at: Instant;
  escalated_at: Instant | null;
  closed_at: Instant | null;
  outcome: LoopOutcome | null;
  note: string | null;
  closed_by: string | null;
}
export type SurveyLoop = Selectable<SurveyLoopsTable>;

/** A churn or save review (migration 0050_reviews). */
export interface AccountReviewsTable {
  id: Generated<number>;
  account_id: number;
  kind: 'churn' | 'save';
  reason: string;
  learned: string | null;
  /** TimelineEntry[] of domain/reviews, as built when the review was written. */
  timeline: Json<unknown>;
  created_by: string;
  created_at: Instant;
  request_key: string | null;
}
