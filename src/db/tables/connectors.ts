import type { ColumnType, Generated } from 'kysely';
import type { Day, Instant } from './accounts';

type Count = ColumnType<number, number | undefined, number>;

export interface TrackMessagesTable {
  message_id: string;
  received_at: Instant;
}

export interface TrackUsersTable {
  account_id: number;
  day: Day;
  user_id: string;
  logins: Generated<number>;
}

export interface TrackFeaturesTable {
  account_id: number;
  day: Day;
  feature: string;
}

export interface TrackUserGroupsTable {
  user_id: string;
  account_id: number;
}

export interface TrackGroupSeatsTable {
  account_id: number;
  seats: number | null;
}

export interface ConnectorStateTable {
  connector: string;
  received: Count;
  written: Count;
  duplicates: Count;
  skipped: Count;
  rejected: Count;
  last_success_at: Instant | null;
  last_error_at: Instant | null;
  last_error: string | null;
  cursor: string | null;
}
