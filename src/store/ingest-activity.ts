import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/schema';
import type { SurveyRow, TicketRow } from '../domain/ingest';
import type { UpsertResult } from './ingest';

// Each upsert is one statement: rows arrive as parallel arrays through unnest(), the insert
// skips rows that would not change anything, and the same statement marks the touched
// accounts stale for the next health recompute.
//
// Lock order (issue 19: two batches in flight deadlocked, 40P01, and the API answered 500):
// every writer takes its row locks in one fixed order, so two batches naming the same keys in
// different orders queue behind each other instead of each holding what the other wants. Rows
// are inserted sorted by their key, and the touched accounts are locked in id order before
// they are marked; across tables, the activity rows come first, then accounts (upsertAccounts
// locks accounts in id order too), then pending_rule_checks (in id order, rule-checks.ts).

export type WithAccount<R> = R & { account_id: number };

/**
 * Runs `upsert` (returning account_id, plus whatever `counts` needs) and marks stale the
 * accounts of the written rows that `counts` keeps (default all): only those are returned.
 */
async function upsertMarkingStale(
  db: Db,
  upsert: RawBuilder<unknown>,
  counts: RawBuilder<unknown> = sql`true`,
): Promise<UpsertResult> {
  const { rows } = await sql<{ written: number; account_ids: number[] | null }>`
    with up as (${upsert}),
    touched as (select distinct account_id from up where ${counts}),
    locked as (
      select a.id from accounts a where a.id in (select account_id from touched)
        and not a.health_stale
      order by a.id for no key update),
    marked as (
      update accounts a set health_stale = true from locked l
      where a.id = l.id and not a.health_stale returning a.id)
    select (select count(*) from up)::int as written,
      (select array_agg(account_id) from touched) as account_ids,
      (select count(*) from marked)::int as marked`.execute(db);
  const row = rows[0];
  return { written: row?.written ?? 0, accountIds: (row?.account_ids ?? []).map(Number) };
}

/** Usage rows as parallel columns, the shape unnest() takes (no object per row). */
export interface UsageColumns {
  accountIds: number[];
  days: string[];
  activeUsers: number[];
  seats: (number | null)[];
  logins: number[];
  used: (number | null)[];
  total: (number | null)[];
}

/**
 * A Postgres array literal of whole numbers or validated 'YYYY-MM-DD' days: neither needs
 * quoting, so one join replaces the driver's per-element escaping (a tenth of the write).
 */
function plainArray(values: readonly (number | string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out += `${i > 0 ? ',' : ''}${v === null || v === undefined ? 'NULL' : v}`;
  }
  return `${out}}`;
}

/**
 * Upserts usage rows. Only rows on or after `affectsHealthFrom` (the first day inside the
 * health engine's usage window) mark their account stale and come back in `accountIds`:
 * older rows are stored but cannot change today's health, so they trigger no recompute.
 */
export async function upsertUsage(
  db: Db,
  cols: UsageColumns,
  affectsHealthFrom: string,
): Promise<UpsertResult> {
  if (cols.accountIds.length === 0) return { written: 0, accountIds: [] };
  return upsertMarkingStale(
    db,
    sql`insert into usage_daily as t (account_id, day, active_users, seats, logins,
        core_features_used, core_features_total)
      select * from unnest(${plainArray(cols.accountIds)}::int8[],
        ${plainArray(cols.days)}::date[], ${plainArray(cols.activeUsers)}::int4[],
        ${plainArray(cols.seats)}::int4[], ${plainArray(cols.logins)}::int4[],
        ${plainArray(cols.used)}::int4[], ${plainArray(cols.total)}::int4[]) as u(account_id, day)
      order by u.account_id, u.day
      on conflict (account_id, day) do update set active_users = excluded.active_users,
        seats = excluded.seats, logins = excluded.logins,
        core_features_used = excluded.core_features_used,
        core_features_total = excluded.core_features_total
      where (t.active_users, t.seats, t.logins, t.core_features_used, t.core_features_total)
        is distinct from (excluded.active_users, excluded.seats, excluded.logins,
          excluded.core_features_used, excluded.core_features_total)
      returning t.account_id, t.day`,
    sql`day >= ${affectsHealthFrom}::date`,
  );
}

export async function upsertTickets(
  db: Db,
  rows: readonly WithAccount<TicketRow>[],
): Promise<UpsertResult> {
  if (rows.length === 0) return { written: 0, accountIds: [] };
  const col = <T>(pick: (r: WithAccount<TicketRow>) => T) => rows.map(pick);
  return upsertMarkingStale(
    db,
    sql`insert into tickets as t (external_id, account_id, priority, status, subject,
        opened_at, closed_at)
      select * from unnest(${col((r) => r.external_id)}::text[],
        ${col((r) => r.account_id)}::int8[], ${col((r) => r.priority)}::text[],
        ${col((r) => r.status)}::text[], ${col((r) => r.subject)}::text[],
        ${col((r) => r.opened_at)}::timestamptz[], ${col((r) => r.closed_at)}::timestamptz[])
        as u(external_id)
      order by u.external_id
      on conflict (external_id) do update set account_id = excluded.account_id,
        priority = excluded.priority, status = excluded.status, subject = excluded.subject,
        opened_at = excluded.opened_at, closed_at = excluded.closed_at
      where (t.account_id, t.priority, t.status, t.subject, t.opened_at, t.closed_at)
        is distinct from (excluded.account_id, excluded.priority, excluded.status,
          excluded.subject, excluded.opened_at, excluded.closed_at)
      returning t.account_id`,
  );
}

export async function upsertSurveys(
  db: Db,
  rows: readonly WithAccount<SurveyRow & { key: string }>[],
): Promise<UpsertResult> {
  if (rows.length === 0) return { written: 0, accountIds: [] };
  const col = <T>(pick: (r: WithAccount<SurveyRow & { key: string }>) => T) => rows.map(pick);
  return upsertMarkingStale(
    db,
    sql`insert into survey_answers as t (external_id, account_id, kind, score, respondent,
        comment, answered_on)
      select * from unnest(${col((r) => r.key)}::text[], ${col((r) => r.account_id)}::int8[],
        ${col((r) => r.kind)}::text[], ${col((r) => r.score)}::int2[],
        ${col((r) => r.respondent)}::text[], ${col((r) => r.comment)}::text[],
        ${col((r) => r.answered_on)}::date[]) as u(external_id)
      order by u.external_id
      on conflict (external_id) do update set account_id = excluded.account_id,
        kind = excluded.kind, score = excluded.score, respondent = excluded.respondent,
        comment = excluded.comment, answered_on = excluded.answered_on
      where (t.account_id, t.kind, t.score, t.respondent, t.comment, t.answered_on)
        is distinct from (excluded.account_id, excluded.kind, excluded.score,
          excluded.respondent, excluded.comment, excluded.answered_on)
      returning t.account_id`,
  );
}
