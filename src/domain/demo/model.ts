import type { TicketPriority } from '../health';

export type TicketStatus = 'open' | 'pending' | 'closed';

export interface DemoOptions {
  /** Total accounts, the named stories included (at least STORY_COUNT). */
  accounts: number;
  /** Days of usage history, ending today. */
  days: number;
  seed: number;
  /** 'YYYY-MM-DD': the last day of usage; renewals and ages count from it. */
  today: string;
}

export type Segment = 'enterprise' | 'mid-market' | 'smb';
export type Tier = 'gold' | 'silver' | 'bronze';

/** Columns of the accounts table (src/db/tables/accounts.ts) that the demo fills. */
export interface DemoAccount {
  external_id: string;
  name: string;
  domain: string;
  segment: Segment;
  tier: Tier;
  arr: number;
  owner_email: string;
  contract_start: string;
  renewal_date: string;
}

/**
 * One account's daily usage, column by column from `first_day`: 20,000 accounts × 180 days
 * as objects would take gigabytes; typed arrays take a few tens of megabytes.
 * `usageRows` turns a series into plain usage_daily rows.
 */
export interface DemoUsageSeries {
  account_external_id: string;
  first_day: string;
  seats: number;
  core_features_total: number;
  active_users: Int32Array;
  logins: Int32Array;
  core_features_used: Int32Array;
}

export interface DemoUsageRow {
  account_external_id: string;
  day: string;
  active_users: number;
  seats: number;
  logins: number;
  core_features_used: number;
  core_features_total: number;
}

export interface DemoTicket {
  external_id: string;
  account_external_id: string;
  priority: TicketPriority;
  status: TicketStatus;
  subject: string;
  /** ISO instant, UTC. */
  opened_at: string;
  closed_at: string | null;
}

export interface DemoSurveyAnswer {
  external_id: string;
  account_external_id: string;
  kind: 'nps' | 'csat';
  score: number;
  respondent: string;
  comment: string | null;
  answered_on: string;
}

export interface DemoData {
  accounts: DemoAccount[];
  usage: DemoUsageSeries[];
  tickets: DemoTicket[];
  surveys: DemoSurveyAnswer[];
}
