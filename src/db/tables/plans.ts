import type { Generated, Selectable } from 'kysely';
import type { Day, Instant, Json } from './accounts';

export type MilestoneStatus = 'planned' | 'in_progress' | 'done' | 'missed';

export interface PlanGoalsTable {
  id: Generated<number>;
  account_id: number;
  outcome: string;
  measure: string | null;
  target_on: Day | null;
  created_by: string;
  created_at: Instant;
  updated_by: string;
  updated_at: Instant;
  request_key: string | null;
}

export interface PlanMilestonesTable {
  id: Generated<number>;
  account_id: number;
  title: string;
  due_on: Day;
  owner_email: string | null;
  status: Generated<MilestoneStatus>;
  /** The linked follow-up: open while the milestone is planned or in progress. */
  follow_up_id: number | null;
  created_by: string;
  created_at: Instant;
  updated_by: string;
  updated_at: Instant;
  request_key: string | null;
}

export interface PlanChangesTable {
  id: Generated<number>;
  account_id: number;
  subject: 'goal' | 'milestone';
  subject_id: number;
  change: 'added' | 'edited' | 'status';
  details: Json<Record<string, unknown>>;
  by: string;
  source: string;
  at: Instant;
  request_key: string | null;
}

export type PlanGoal = Selectable<PlanGoalsTable>;
export type PlanMilestone = Selectable<PlanMilestonesTable>;
export type PlanChange = Selectable<PlanChangesTable>;
