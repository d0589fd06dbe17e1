import type { Band } from '../domain/health';

// What the cards show, declared here so cards/ depends on no store, app or table type. The
// store's rows and the app's results have the same shape and pass as they are (structural
// typing); a column the store renames fails to compile where the app hands it to a card.

/** One account in a list card: name, latest health, money and renewal. */
export interface AccountLine {
  id: number;
  name: string;
  arr: number | null;
  renewalDate: string | null;
  ownerEmail: string | null;
  score: number | null;
  band: Band | null;
}

export interface AccountPage {
  rows: AccountLine[];
  total: number;
}

export interface AtRiskLine extends AccountLine {
  openAlerts: number;
}

/** An unresolved alert in a list or on the home tab. */
export interface OpenAlertLine {
  id: number;
  accountId: number;
  rule: string;
  summary: string;
  /** The summary as code and values (alerts.summary_args); null on older alerts. */
  summaryArgs?: unknown;
  status: string;
}

/** An open follow-up in a list. */
export interface FollowUpRow {
  id: number;
  accountId: number;
  accountName: string;
  title: string;
  dueOn: string | null;
  ownerEmail: string | null;
}

export interface FollowUpPage {
  rows: FollowUpRow[];
  total: number;
}

/** One of the accounts a name could mean ("did you mean"). */
export interface AccountChoice {
  id: number;
  name: string;
  domain: string | null;
  externalId: string;
}

/** What an alert card shows of an alert (the alert row's own columns). */
export interface AlertView {
  id: number;
  rule: string;
  severity: string;
  summary: string;
  /** The summary as code and values (alerts.summary_args); absent or null: older, English. */
  summary_args?: unknown;
  status: 'open' | 'acknowledged' | 'resolved';
  fired_at: Date;
  acknowledged_at: Date | null;
  assignee: string | null;
  snoozed_until: Date | null;
  resolved_at: Date | null;
  escalated_at: Date | null;
}
