import type { Generated, Selectable } from 'kysely';
import type { CreatedAt, Day, Instant } from './accounts';

export interface FollowUpsTable {
  id: Generated<number>;
  account_id: number;
  title: string;
  owner_email: string | null;
  due_on: Day | null;
  status: Generated<'open' | 'done'>;
  source: Generated<string>;
  alert_id: number | null;
  created_by: string;
  created_at: CreatedAt;
  done_at: Instant | null;
  done_by: string | null;
  request_key: string | null;
}
export type FollowUp = Selectable<FollowUpsTable>;
