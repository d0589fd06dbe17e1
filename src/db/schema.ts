import type { Kysely, Transaction } from 'kysely';
import type { AccountsTable } from './tables/accounts';
import type { SurveyAnswersTable, TicketsTable, UsageDailyTable } from './tables/activity';
import type { AlertEventsTable, AlertsTable } from './tables/alerts';
import type {
  ChannelLanguagesTable,
  ChannelSubscriptionsTable,
  ChatUsersTable,
} from './tables/chat';
import type {
  ConnectorStateTable,
  TrackFeaturesTable,
  TrackGroupSeatsTable,
  TrackMessagesTable,
  TrackUserGroupsTable,
  TrackUsersTable,
} from './tables/connectors';
import type { FollowUpsTable } from './tables/follow-ups';
import type { HealthSnapshotsTable } from './tables/health';
import type {
  AccountArrChangesTable,
  AccountReviewsTable,
  SurveyLoopsTable,
} from './tables/metrics';
import type {
  ApiKeysTable,
  AuditLogTable,
  ChannelPoliciesTable,
  JobRunsTable,
  OutboxChannelsTable,
  OutboxTable,
  PendingRuleChecksTable,
  RenewalEventsTable,
} from './tables/operations';
import type { PlanChangesTable, PlanGoalsTable, PlanMilestonesTable } from './tables/plans';
import type { OpportunitiesTable, PlaybookRunsTable, PlaybookStepsTable } from './tables/playbooks';
import type { AccountFollowsTable, AlertRoutingTable, AwayAlertsTable } from './tables/routing';
import type { TeamsConversationsTable } from './tables/teams';
import type { TouchpointsTable } from './tables/touchpoints';

export interface Database {
  accounts: AccountsTable;
  usage_daily: UsageDailyTable;
  tickets: TicketsTable;
  survey_answers: SurveyAnswersTable;
  health_snapshots: HealthSnapshotsTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  follow_ups: FollowUpsTable;
  channel_subscriptions: ChannelSubscriptionsTable;
  chat_users: ChatUsersTable;
  channel_languages: ChannelLanguagesTable;
  outbox: OutboxTable;
  outbox_channels: OutboxChannelsTable;
  job_runs: JobRunsTable;
  renewal_events: RenewalEventsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  teams_conversations: TeamsConversationsTable;
  track_messages: TrackMessagesTable;
  track_users: TrackUsersTable;
  track_features: TrackFeaturesTable;
  track_user_groups: TrackUserGroupsTable;
  track_group_seats: TrackGroupSeatsTable;
  connector_state: ConnectorStateTable;
  channel_policies: ChannelPoliciesTable;
  account_arr_changes: AccountArrChangesTable;
  survey_loops: SurveyLoopsTable;
  account_reviews: AccountReviewsTable;
  pending_rule_checks: PendingRuleChecksTable;
  touchpoints: TouchpointsTable;
  plan_goals: PlanGoalsTable;
  plan_milestones: PlanMilestonesTable;
  plan_changes: PlanChangesTable;
  alert_routing: AlertRoutingTable;
  account_follows: AccountFollowsTable;
  away_alerts: AwayAlertsTable;
  playbook_runs: PlaybookRunsTable;
  playbook_steps: PlaybookStepsTable;
  opportunities: OpportunitiesTable;
}

/** What store functions take: the database or a transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>;
export type DB = Kysely<Database>;
