import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Alert, AlertEvent } from '../db/tables/alerts';
import { EXPANSION_RULES, type Finding } from '../domain/rules';

export type LatestAlert = Pick<
  Alert,
  'id' | 'account_id' | 'rule' | 'status' | 'condition_key' | 'last_seen_on' | 'resolved_at'
>;

/** The latest alert of every (account, rule), resolved ones included; of some accounts if given. */
export async function latestAlerts(
  db: Db,
  accountIds?: readonly number[],
): Promise<Map<string, LatestAlert>> {
  const only = accountIds ? sql`where account_id = any(${[...accountIds]}::bigint[])` : sql``;
  const { rows } = await sql<LatestAlert>`
    select distinct on (account_id, rule) id, account_id, rule, status, condition_key, last_seen_on,
      resolved_at
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
  /** The episode's lead this finding joins (it gets no card of its own). */
  episodeOf?: number;
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
      insert into alerts (account_id, rule, severity, summary, summary_args, details, fired_at,
        last_seen_on, condition_key, episode_of)
      select a, r, s, m, g::jsonb, d::jsonb, ${now}::timestamptz, ${day}::date, k, e
      from unnest(
        ${chunk.map((c) => c.accountId)}::bigint[],
        ${chunk.map((c) => c.finding.rule)}::text[],
        ${chunk.map((c) => c.finding.severity)}::text[],
        ${chunk.map((c) => c.finding.summary)}::text[],
        ${chunk.map((c) => JSON.stringify(c.finding.args))}::text[],
        ${chunk.map((c) => JSON.stringify(c.finding.details))}::text[],
        ${chunk.map((c) => c.finding.conditionKey)}::text[],
        ${chunk.map((c) => c.episodeOf ?? null)}::bigint[]
      ) as t(a, r, s, m, g, d, k, e)
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
    | 'snooze_reason'
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
  return (
    db
      .updateTable('alerts')
      .set({ escalated_at: now })
      .where('status', '=', 'open')
      // A signal that joined an episode is escalated with its lead's card.
      .where('episode_of', 'is', null)
      .where('escalated_at', 'is', null)
      .where('fired_at', '<=', firedBefore)
      .where((eb) => eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<=', now)]))
      .returningAll()
      .execute()
  );
}

export interface OpenAlertRow {
  id: number;
  account_id: number;
  rule: string;
  severity: string;
  summary: string;
  /** The summary as code and values (null on older rows): cards word it per reader. */
  summary_args: unknown;
  fired_at: Date;
}

/** Open (unacknowledged) alerts that are not snoozed at `now`, oldest first. */
export async function unacknowledgedAlerts(db: Db, now: Date): Promise<OpenAlertRow[]> {
  return db
    .selectFrom('alerts')
    .select(['id', 'account_id', 'rule', 'severity', 'summary', 'summary_args', 'fired_at'])
    .where('status', '=', 'open')
    .where((eb) => eb.or([eb('snoozed_until', 'is', null), eb('snoozed_until', '<=', now)]))
    .orderBy('fired_at')
    .orderBy('id')
    .execute();
}

/** Each account's open episode lead (an unresolved alert that leads), by account id. */
export async function openLeads(db: Db, accountIds: number[]): Promise<Map<number, number>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('alerts')
    .select(['account_id', 'id'])
    .where('account_id', 'in', accountIds)
    .where('episode_of', 'is', null)
    .where('status', '<>', 'resolved')
    // Expansion cards stand alone: a risk signal never joins one.
    .where('rule', 'not in', [...EXPANSION_RULES])
    .orderBy('fired_at')
    .orderBy('id')
    .execute();
  const out = new Map<number, number>();
  for (const r of rows) if (!out.has(r.account_id)) out.set(r.account_id, r.id);
  return out;
}

/** A signal that joined an episode, as its lead's card lists it. */
export interface EpisodeSignal {
  id: number;
  rule: string;
  severity: string;
  summary: string;
  summary_args: unknown;
  fired_at: Date;
}

/** The signals that joined each lead, oldest first. */
export async function episodeSignals(
  db: Db,
  leadIds: number[],
): Promise<Map<number, EpisodeSignal[]>> {
  const out = new Map<number, EpisodeSignal[]>();
  if (leadIds.length === 0) return out;
  const rows = await db
    .selectFrom('alerts')
    .select(['id', 'episode_of', 'rule', 'severity', 'summary', 'summary_args', 'fired_at'])
    .where('episode_of', 'in', leadIds)
    .orderBy('fired_at')
    .orderBy('id')
    .execute();
  for (const { episode_of, ...signal } of rows) {
    if (episode_of === null) continue;
    const list = out.get(episode_of) ?? [];
    list.push(signal);
    out.set(episode_of, list);
  }
  return out;
}

/** A signal joining an episode takes its lead's state (acknowledged, assigned, snoozed). */
export async function alignWithLeads(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    update alerts m set status = l.status, acknowledged_at = l.acknowledged_at,
      acknowledged_by = l.acknowledged_by, assignee = l.assignee, snoozed_until = l.snoozed_until
    from alerts l
    where m.id = any(${ids}::bigint[]) and l.id = m.episode_of and l.status <> 'resolved'`.execute(
    db,
  );
}

/** What happens to a lead happens to the signals of its episode (one card, one state). */
export async function updateEpisodeMembers(
  db: Db,
  leadId: number,
  patch: AlertPatch,
): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db
    .updateTable('alerts')
    .set(patch)
    .where('episode_of', '=', leadId)
    .where('status', '<>', 'resolved')
    .execute();
}

/**
 * Each account's latest episode lead resolved since `since` that has a card out (an alert post
 * that did not fail): a finding for the account re-opens it instead of posting a new card.
 */
export async function reopenableLeads(
  db: Db,
  accountIds: number[],
  since: Date,
): Promise<Map<number, Alert>> {
  if (accountIds.length === 0) return new Map();
  const { rows } = await sql<Alert>`
    select distinct on (a.account_id) a.* from alerts a
    where a.account_id = any(${accountIds}::bigint[]) and a.episode_of is null
      and a.status = 'resolved' and a.resolved_at >= ${since}
      and a.rule <> all(${[...EXPANSION_RULES]}::text[])
      and exists (select 1 from outbox o where o.alert_id = a.id and o.kind = 'alert'
        and o.status <> 'failed')
    order by a.account_id, a.resolved_at desc, a.id desc`.execute(db);
  return new Map(rows.map((r) => [r.account_id, r]));
}

/**
 * Re-opens a resolved lead: open again, nobody's acknowledgement or snooze carried over (the
 * assignee stays). With a finding of the lead's own rule, the lead takes its summary.
 */
export async function reopenLead(
  db: Db,
  id: number,
  finding: Finding | null,
  day: string,
  now: Date,
): Promise<Alert> {
  const alert = await db
    .updateTable('alerts')
    .set({
      status: 'open',
      resolved_at: null,
      resolved_by: null,
      acknowledged_at: null,
      acknowledged_by: null,
      snoozed_until: null,
      ...(finding
        ? {
            severity: finding.severity,
            summary: finding.summary,
            summary_args: JSON.stringify(finding.args),
            details: JSON.stringify(finding.details),
            condition_key: finding.conditionKey,
            last_seen_on: day,
          }
        : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('alert_events')
    .values({
      alert_id: id,
      action: 'reopen',
      actor: 'tend',
      platform: 'tend',
      details: JSON.stringify({ reason: 'new signal', ...(finding ? { rule: finding.rule } : {}) }),
      at: now,
      request_key: null,
    })
    .execute();
  return alert;
}
