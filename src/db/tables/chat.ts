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
  /** IANA time zone from the platform's profile (Slack tz, Teams localTimezone). */
  tz: Generated<string | null>;
  fetched_at: Generated<Date>;
  /** The platform's locale tag for the person (Slack `zh-CN`), as given; null: not known. */
  locale: Generated<string | null>;
}

/** The language Tend posts in to a channel (/cs language), when not the settings' default. */
export interface ChannelLanguagesTable {
  platform: Platform;
  channel_id: string;
  locale: string;
  set_by: string;
  set_at: Date;
}
export type ChannelSubscription = Selectable<ChannelSubscriptionsTable>;
export type ChatUser = Selectable<ChatUsersTable>;
