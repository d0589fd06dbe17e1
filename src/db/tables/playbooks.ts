import type { Generated, Selectable } from 'kysely';
import type { Day, Instant } from './accounts';

export interface PlaybookRunsTable {
  id: Generated<number>;
  account_id: number;
  playbook: string;
  /** The settings version the run started from; its steps are copied as they were then. */
  version: number;
  title: string;
  trigger: string;
  /** Which event started it: the run's part of its unique key. */
  occurrence: string;
  started_by: string | null;
  started_at: Instant;
  completed_at: Instant | null;
}

export interface PlaybookStepsTable {
  id: Generated<number>;
  run_id: number;
  account_id: number;
  position: number;
  title: string;
  owner_email: string | null;
  due_on: Day;
  done_at: Instant | null;
  done_by: string | null;
}

export interface OpportunitiesTable {
  id: Generated<number>;
  account_id: number;
  alert_id: number;
  rule: string;
  potential_arr: number | null;
  created_by: string;
  created_at: Instant;
}

export type PlaybookRun = Selectable<PlaybookRunsTable>;
export type PlaybookStep = Selectable<PlaybookStepsTable>;
export type Opportunity = Selectable<OpportunitiesTable>;
