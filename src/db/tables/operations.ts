import type { Generated, Selectable } from 'kysely';
import type { CreatedAt, Day, Instant, Json, JsonWithDefault } from './accounts';

export interface OutboxTable {
  id: Generated<number>;
  platform: string;
  channel_id: string;
  payload: Json<unknown>;
  dedupe_key: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  locked_until: Instant | null;
  locked_by: string | null;
  last_error: string | null;
  message_ref: string | null;
  created_at: CreatedAt;
  sent_at: Instant | null;
}

export interface JobRunsTable {
  job: string;
  slot: Instant;
  claimed_by: string;
  started_at: Instant;
  finished_at: Instant | null;
  status: Generated<'running' | 'done' | 'failed'>;
  summary: Json<unknown> | null;
  error: string | null;
}

export interface RenewalEventsTable {
  id: Generated<number>;
  account_id: number;
  renewal_date: Day;
  kind: 'reminder' | 'renewed' | 'churned' | 'snoozed' | 'plan_started';
  window_days: number | null;
  new_renewal_date: Day | null;
  actor: string | null;
  platform: string | null;
  at: Instant;
}

export interface ApiKeysTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  hash: string;
  created_at: CreatedAt;
  last_used_at: Instant | null;
  revoked_at: Instant | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor: string;
  action: string;
  subject: string | null;
  details: JsonWithDefault<unknown>;
}
export type OutboxRow = Selectable<OutboxTable>;
export type JobRun = Selectable<JobRunsTable>;
