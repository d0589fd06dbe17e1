import type { Migration } from 'kysely';
import * as foundation from './2026-11-23T0001_foundation';
import * as alertEpisodes from './2026-11-23T0004_alert_episodes';
import * as teamsConversations from './2026-11-23T0005_teams_conversations';
import * as accountCardFunction from './2026-11-23T0006_account_card_function';
import * as outboxGuarantees from './2026-12-05T0007_outbox_guarantees';
import * as outboxSending from './2026-12-06T0010_outbox_sending';
import * as calmAlerts from './2026-12-06T0020_calm_alerts';
import * as privacyGovernance from './2026-12-06T0030_privacy_governance';
import * as connectors from './2026-12-06T0040_connectors';
import * as metrics from './2026-12-06T0050_metrics';
import * as reviews from './2026-12-06T0050_reviews';
import * as signalsAndCardChanges from './2026-12-06T0060_signals_and_card_changes';
import * as timeline from './2026-12-06T0070_timeline';
import * as playbooksAndExpansion from './2026-12-06T0080_playbooks_and_expansion';
import * as successPlans from './2026-12-06T0090_success_plans';
import * as personalRouting from './2026-12-06T0100_personal_routing';
import * as metricsSubscriptions from './2026-12-06T0110_metrics_subscriptions';
import * as languages from './2026-12-06T0120_languages';
import * as compactHealthSnapshots from './2026-12-06T0130_compact_health_snapshots';
import * as alertFirstEvent from './2026-12-06T0140_alert_first_event';
import * as expansionNotRisk from './2026-12-06T0150_expansion_not_risk';
import * as alertSummaryArgs from './2026-12-06T0210_alert_summary_args';
import * as firstTouchByPeople from './2026-12-06T0340_first_touch_by_people';
import * as statsIndexes from './2026-12-06T0340_stats_indexes';
import * as alertDayRollup from './2026-12-06T0430_alert_day_rollup';
import * as scale from './2026-12-06T0460_scale';
import * as cardNotifyNotStaleFlag from './2026-12-06T0520_card_notify_not_stale_flag';
import * as outboxSendingOnLease from './2026-12-06T0530_outbox_sending_on_lease';

/**
 * Every migration, in order. Listed statically (not read from the folder at run time) so they
 * load the same under tsx, vitest and any bundler. Append new ones; never edit landed ones.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0001_foundation': foundation,
  '2026-11-23T0004_alert_episodes': alertEpisodes,
  '2026-11-23T0005_teams_conversations': teamsConversations,
  '2026-11-23T0006_account_card_function': accountCardFunction,
  '2026-12-05T0007_outbox_guarantees': outboxGuarantees,
  '2026-12-06T0010_outbox_sending': outboxSending,
  '2026-12-06T0020_calm_alerts': calmAlerts,
  '2026-12-06T0030_privacy_governance': privacyGovernance,
  '2026-12-06T0040_connectors': connectors,
  '2026-12-06T0050_metrics': metrics,
  '2026-12-06T0050_reviews': reviews,
  '2026-12-06T0060_signals_and_card_changes': signalsAndCardChanges,
  '2026-12-06T0070_timeline': timeline,
  '2026-12-06T0080_playbooks_and_expansion': playbooksAndExpansion,
  '2026-12-06T0090_success_plans': successPlans,
  '2026-12-06T0100_personal_routing': personalRouting,
  '2026-12-06T0110_metrics_subscriptions': metricsSubscriptions,
  '2026-12-06T0120_languages': languages,
  '2026-12-06T0130_compact_health_snapshots': compactHealthSnapshots,
  '2026-12-06T0140_alert_first_event': alertFirstEvent,
  '2026-12-06T0150_expansion_not_risk': expansionNotRisk,
  '2026-12-06T0210_alert_summary_args': alertSummaryArgs,
  '2026-12-06T0340_first_touch_by_people': firstTouchByPeople,
  '2026-12-06T0340_stats_indexes': statsIndexes,
  '2026-12-06T0430_alert_day_rollup': alertDayRollup,
  '2026-12-06T0460_scale': scale,
  '2026-12-06T0520_card_notify_not_stale_flag': cardNotifyNotStaleFlag,
  '2026-12-06T0530_outbox_sending_on_lease': outboxSendingOnLease,
};
