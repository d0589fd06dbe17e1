import type { Generated, Selectable } from 'kysely';
import type { CreatedAt, Instant, JsonWithDefault } from './accounts';

export type Platform = 'slack' | 'teams' | 'local';
export type SubscriptionKind = 'digest' | 'alerts' | 'renewals' | 'metrics';

export interface ChannelSubscriptionsTable {
  id: Generated<number>;
  platform: Platform;
  channel_id: string;
  kind: SubscriptionKind;
  filters: JsonWithDefault<unknown>;
  at_time: Generated<string>;
  timezone: string;
  weekdays_only: Generated<boolean>;
  /** Weekly on this day (0 = Sunday … 6 = Saturday); null: every (week)day. */
  weekday: number | null;
  paused_until: Instant | null;
  catch_up_pending: Generated<boolean>;
  last_sent_at: Instant | null;
  created_by: string;
  created_at: CreatedAt;
}

export interface ChatUsersTable {
  platform: Platform;
  user_id: string;
  email: string | null;
  display_name: string | null;
  fetched_at: Generated<Date>;
}
export type ChannelSubscription = Selectable<ChannelSubscriptionsTable>;
export type ChatUser = Selectable<ChatUsersTable>;
