import type { Generated, Selectable } from 'kysely';
import type { Day, Instant, JsonWithDefault } from './accounts';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export interface AlertsTable {
  id: Generated<number>;
  account_id: number;
  rule: string;
  status: Generated<AlertStatus>;
  severity: Generated<string>;
  summary: string;
  /** The summary as a code and values (domain/rules SummaryArgs, migration 0210); null = older. */
  summary_args: Generated<unknown>;
  details: JsonWithDefault<unknown>;
  fired_at: Instant;
  acknowledged_at: Instant | null;
  acknowledged_by: string | null;
  assignee: string | null;
  snoozed_until: Instant | null;
  escalated_at: Instant | null;
  resolved_at: Instant | null;
  resolved_by: string | null;
  /**
   * Its earliest alert_events.at by a person (not Tend's own, platform 'tend'), kept by a
   * trigger (migrations 0140, 0340): time to first touch.
   */
  first_event_at: Instant | null;
  /** Last risk run that still saw the condition (migration 0004). */
  last_seen_on: Day | null;
  /** Which instance of the condition (answer id, ticket id…); a new one may fire again. */
  condition_key: string | null;
  /** The episode's lead alert this finding joined (migration 0020); null = a lead. */
  episode_of: Generated<number | null>;
  /** When the assignee was reminded of an acknowledged alert nobody followed up. */
  reminded_at: Generated<Instant | null>;
  /** Why it was snoozed until a date. */
  snooze_reason: Generated<string | null>;
}

export interface AlertEventsTable {
  id: Generated<number>;
  alert_id: number;
  action: string;
  actor: string;
  platform: string;
  details: JsonWithDefault<unknown>;
  at: Instant;
  request_key: string | null;
}
export type Alert = Selectable<AlertsTable>;
export type AlertEvent = Selectable<AlertEventsTable>;
