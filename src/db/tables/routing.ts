import type { Generated, Selectable } from 'kysely';
import type { Instant, JsonWithDefault } from './accounts';
import type { Platform } from './chat';

export type Delivery = 'dm' | 'channel' | 'both';
export type AlertScope = 'mine' | 'team' | 'all';

/** A person's alert routing (no row: the defaults, see domain/routing.ts). */
export interface AlertRoutingTable {
  platform: Platform;
  user_id: string;
  email: string | null;
  delivery: Generated<Delivery>;
  scope: Generated<AlertScope>;
  filters: JsonWithDefault<unknown>;
  work_hours: string | null;
  quiet_hours: string | null;
  updated_at: Instant;
}
export type AlertRouting = Selectable<AlertRoutingTable>;

export interface AccountFollowsTable {
  id: Generated<number>;
  platform: Platform;
  target_id: string;
  target_kind: 'person' | 'channel';
  account_id: number;
  created_by: string;
  created_at: Instant;
}
export type AccountFollow = Selectable<AccountFollowsTable>;

export interface AwayAlertsTable {
  platform: Platform;
  user_id: string;
  alert_id: number;
  away_until: Instant;
  held_at: Instant;
  released_at: Instant | null;
}
