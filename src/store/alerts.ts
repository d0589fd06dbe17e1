import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Alert, AlertEvent } from '../db/tables/alerts';
import type { Finding } from '../domain/rules';

export type LatestAlert = Pick<
  Alert,
  'id' | 'account_id' | 'rule' | 'status' | 'condition_key' | 'last_seen_on'
>;

/** The latest alert of every (account, rule), resolved ones included; of some accounts if given. */
export async function latestAlerts(
  db: Db,
  accountIds?: readonly number[],
): Promise<Map<string, LatestAlert>> {
  const only = accountIds ? sql`where account_id = any(${[...accountIds]}::bigint[])` : sql``;
  const { rows } = await sql<LatestAlert>`
    select distinct on (account_id, rule) id, account_id, rule, status, condition_key, last_seen_on
    from alerts ${only} order by account_id, rule, fired_at desc, id desc`.execute(db);
  return new Map(rows.map((r) => [`${r.account_id}:${r.rule}`, r]));
}

export async function touchAlerts(db: Db, ids: number[], day: string): Promise<void> {
  if (ids.length === 0) return;
  await sql`update alerts set last_seen_on = ${day}::date where id = any(${ids}::bigint[])`.execute(
    db,
  );
}

export interface NewAlert {
  accountId: number;
  finding: Finding;
}

/** Inserts alerts; one already open for (account, rule) wins and the new one is skipped. */
export async function insertAlerts(
  db: Db,
  alerts: NewAlert[],
  day: string,
  now: Date,
): Promise<Alert[]> {
  const out: Alert[] = [];
  for (let i = 0; i < alerts.length; i += 1000) {
    const chunk = alerts.slice(i, i + 1000);
    const { rows } = await sql<Alert>`
      insert into alerts (account_id, rule, severity, summary, details, fired_at, last_seen_on,
        condition_key)
      select a, r, s, m, d::jsonb, ${now}::timestamptz, ${day}::date, k
      from unnest(
        ${chunk.map((c) => c.accountId)}::bigint[],
        ${chunk.map((c) => c.finding.rule)}::text[],
        ${chunk.map((c) => c.finding.severity)}::text[],
        ${chunk.map((c) => c.finding.summary)}::text[],
        ${chunk.map((c) => JSON.stringify(c.finding.details))}::text[],
        ${chunk.map((c) => c.finding.conditionKey)}::text[]
      ) as t(a, r, s, m, d, k)
      on conflict (account_id, rule) where status <> 'resolved' do nothing
      returning *`.execute(db);
    out.push(...rows);
  }
  return out.sort((a, b) => a.id - b.id);
}

export async function getAlert(db: Db, id: number): Promise<Alert | undefined> {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads the alert and locks it for the rest of the transaction. */
export async function lockAlert(db: Db, id: number): Promise<Alert | undefined> {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export type AlertPatch = Partial<
  Pick<
    Alert,
    | 'status'
    | 'acknowledged_at'
    | 'acknowledged_by'
    | 'assignee'
    | 'snoozed_until'
    | 'resolved_at'
    | 'resolved_by'
  >
>;

export async function updateAlert(db: Db, id: number, patch: AlertPatch): Promise<Alert> {
  return db
    .updateTable('alerts')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface NewAlertEvent {
  alertId: number;
  action: string;
  actor: string;
  platform: string;
  details: Record<string, unknown>;
  at: Date;
  requestKey: string;
}

/** Appends to the history; returns undefined when the request key was seen before. */
export async function appendAlertEvent(db: Db, e: NewAlertEvent): Promise<AlertEvent | undefined> {
  return db
    .insertInto('alert_events')
    .values({
      alert_id: e.alertId,
      action: e.action,
      actor: e.actor,
      platform: e.platform,
      details: JSON.stringify(e.details),
      at: e.at,
      request_key: e.requestKey,
    })
    .onConflict((oc) => oc.column('request_key').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function alertHistory(db: Db, alertId: number): Promise<AlertEvent[]> {
  return db
    .selectFrom('alert_events')
    .selectAll()
    .where('alert_id', '=', alertId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/**
 * Marks open, unacknowledged, unsnoozed alerts older than `firedBefore` as escalated and
 * returns them. The update is the claim: an alert is escalated once, whoever runs the job.
 */
export async function claimEscalations(db: Db, firedBefore: Date, now: Date): Promise<Alert[]> {
  return db
    .updateTable('alerts')
    .set({ escalated_at: now })
    .where('status', '=', 'open')
    .where('escalated_at', 'is', null)
    .where('fired_at', '<=', firedBefore)
    .where((eb) => eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<=', now)]))
    .returningAll()
    .execute();
}

export interface OpenAlertRow {
  id: number;
  account_id: number;
  rule: string;
  severity: string;
  summary: string;
  fired_at: Date;
}

/** Open (unacknowledged) alerts that are not snoozed at `now`, oldest first. */
export async function unacknowledgedAlerts(db: Db, now: Date): Promise<OpenAlertRow[]> {
  return db
    .selectFrom('alerts')
    .select(['id', 'account_id', 'rule', 'severity', 'summary', 'fired_at'])
    .where('status', '=', 'open')
    .where((eb) => eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<=', now)]))
    .orderBy('fired_at')
    .orderBy('id')
    .execute();
}
