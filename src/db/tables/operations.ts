import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CreatedAt, Day, Instant, Json, JsonWithDefault } from './accounts';

export interface OutboxTable {
  id: Generated<number>;
  platform: string;
  channel_id: string;
  payload: Json<unknown>;
  dedupe_key: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  /** The next try; moves with retries. */
  next_attempt_at: Generated<Date>;
  /** When the message joins its channel's queue (a snoozed repost joins later); never moves. */
  ready_at: Generated<Date>;
  /** What the message is (alert, escalation, reminder, digest, update…), from the payload. */
  kind: Generated<string>;
  /** The account it is about, if one: purge deletes by it. */
  account_id: number | null;
  /** The alert it shows, if one: a click rewrites every post of the alert. */
  alert_id: number | null;
  /** When the current run of failed tries began: the retry budget counts from here. */
  failing_since: Instant | null;
  /**
   * The sending mark as the previous version wrote it (since T0530 it is kept on the channel's
   * lease row, outbox_channels.sending_id/sending_since): still honoured, and cleared once the
   * outcome is known, for a replica of that version during a rolling upgrade.
   */
  sending_since: Instant | null;
  last_error: string | null;
  message_ref: string | null;
  created_at: CreatedAt;
  sent_at: Instant | null;
}

/** One row per channel ever written to: the row is the lease a worker holds to send there. */
export interface OutboxChannelsTable {
  platform: string;
  channel_id: string;
  leased_by: string | null;
  leased_until: Instant | null;
  /** When the channel next has something to send (its head's next try); null when empty. */
  due_at: Instant | null;
  /**
   * The post in flight (or whose outcome is unknown): its outbox row and when it left, on the
   * database clock. Counts only while that row is pending (T0530).
   */
  sending_id: number | null;
  sending_since: Instant | null;
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
  /** 'ingest' (data in, health out) or 'admin' (also the privacy routes). */
  role: ColumnType<ApiKeyRole, ApiKeyRole | undefined, ApiKeyRole>;
}
export type ApiKeyRole = 'ingest' | 'admin';

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor: string;
  action: string;
  subject: string | null;
  details: JsonWithDefault<unknown>;
  /** Where the write came from: cli, api, slack, teams, job (null on rows before the chain). */
  origin: string | null;
  /** The channel, route or command it was made in. */
  place: string | null;
  /** Random per row; dropped when the row is erased, so content_digest no longer links. */
  salt: string | null;
  /** sha256 over salt + canonical JSON of actor, subject and details. */
  content_digest: string | null;
  prev_hash: string | null;
  hash: string | null;
  /** Set when a privacy erase blanked the personal fields (the chain still verifies). */
  erased_at: Instant | null;
}

/** Whether a channel is shared outside the organisation, cached; and an admin's permission. */
export interface ChannelPoliciesTable {
  platform: string;
  channel_id: string;
  external: boolean | null;
  reason: string | null;
  checked_at: Instant | null;
  allowed_by: string | null;
  allowed_at: Instant | null;
}
export type OutboxRow = Selectable<OutboxTable>;
export type JobRun = Selectable<JobRunsTable>;

/** Accounts whose alert rules are to be evaluated soon, after an ingest touched them (0060). */
export interface PendingRuleChecksTable {
  account_id: number;
  due_at: Instant;
  queued_at: Instant;
}
