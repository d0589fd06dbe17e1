import { sql } from 'kysely';
import type { Db } from '../db/schema';
import { parseDay } from '../domain/dates';
import type { DemoAccount, DemoData, DemoSurveyAnswer, DemoTicket } from '../domain/demo';

export interface DemoCounts {
  accounts: number;
  usageRows: number;
  tickets: number;
  surveys: number;
}

/** Rows per statement: big enough to amortise a round trip, small enough for PGlite's heap. */
const ACCOUNT_CHUNK = 5_000;
const USAGE_CHUNK = 20_000;
const ACTIVITY_CHUNK = 10_000;

type Cell = string | number | null;

/**
 * A Postgres array literal ('{…}') of the values: one text parameter per column, which both
 * pg and PGlite pass through untouched, and far cheaper to build than per-element parameters.
 */
export function arrayLiteral(values: readonly Cell[]): string {
  const cells = values.map((v) => {
    if (v === null) return 'NULL';
    if (typeof v === 'number') return String(v);
    return `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${cells.join(',')}}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const col = <T>(rows: readonly T[], pick: (row: T) => Cell) => arrayLiteral(rows.map(pick));

/** Inserts the accounts; returns their ids by external id. */
async function insertAccounts(db: Db, accounts: DemoAccount[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const part of chunks(accounts, ACCOUNT_CHUNK)) {
    const { rows } = await sql<{ id: number; external_id: string }>`
      insert into accounts (external_id, name, domain, segment, tier, arr, owner_email,
        contract_start, renewal_date)
      select * from unnest(${col(part, (a) => a.external_id)}::text[],
        ${col(part, (a) => a.name)}::text[], ${col(part, (a) => a.domain)}::text[],
        ${col(part, (a) => a.segment)}::text[], ${col(part, (a) => a.tier)}::text[],
        ${col(part, (a) => a.arr)}::numeric[], ${col(part, (a) => a.owner_email)}::text[],
        ${col(part, (a) => a.contract_start)}::date[], ${col(part, (a) => a.renewal_date)}::date[])
      returning id, external_id`.execute(db);
    for (const row of rows) ids.set(row.external_id, Number(row.id));
  }
  return ids;
}

function idOf(ids: Map<string, number>, externalId: string): number {
  const id = ids.get(externalId);
  if (id === undefined) throw new Error(`demo row for unknown account ${externalId}`);
  return id;
}

type UsageColumn = 'account' | 'day' | 'active' | 'seats' | 'logins' | 'used' | 'total';

/** Usage goes in as columns of numbers; days travel as epoch-day offsets, not strings. */
async function insertUsage(db: Db, data: DemoData, ids: Map<string, number>): Promise<number> {
  const c: Record<UsageColumn, number[]> = {
    account: [],
    day: [],
    active: [],
    seats: [],
    logins: [],
    used: [],
    total: [],
  };
  let inserted = 0;
  const flush = async () => {
    if (c.account.length === 0) return;
    const a = (column: number[]) => `{${column.join(',')}}`;
    await sql`
      insert into usage_daily (account_id, day, active_users, seats, logins,
        core_features_used, core_features_total)
      select a, date '1970-01-01' + d, u, s, l, f, t
      from unnest(${a(c.account)}::bigint[], ${a(c.day)}::int[], ${a(c.active)}::int[],
        ${a(c.seats)}::int[], ${a(c.logins)}::int[], ${a(c.used)}::int[],
        ${a(c.total)}::int[]) as x(a, d, u, s, l, f, t)`.execute(db);
    inserted += c.account.length;
    for (const column of Object.values(c)) column.length = 0;
  };
  for (const series of data.usage) {
    const id = idOf(ids, series.account_external_id);
    const first = parseDay(series.first_day);
    for (let i = 0; i < series.active_users.length; i++) {
      c.account.push(id);
      c.day.push(first + i);
      c.active.push(series.active_users[i] ?? 0);
      c.seats.push(series.seats);
      c.logins.push(series.logins[i] ?? 0);
      c.used.push(series.core_features_used[i] ?? 0);
      c.total.push(series.core_features_total);
      if (c.account.length >= USAGE_CHUNK) await flush();
    }
  }
  await flush();
  return inserted;
}

async function insertTickets(db: Db, tickets: DemoTicket[], ids: Map<string, number>) {
  for (const part of chunks(tickets, ACTIVITY_CHUNK)) {
    await sql`
      insert into tickets (external_id, account_id, priority, status, subject, opened_at, closed_at)
      select * from unnest(${col(part, (t) => t.external_id)}::text[],
        ${col(part, (t) => idOf(ids, t.account_external_id))}::bigint[],
        ${col(part, (t) => t.priority)}::text[], ${col(part, (t) => t.status)}::text[],
        ${col(part, (t) => t.subject)}::text[], ${col(part, (t) => t.opened_at)}::timestamptz[],
        ${col(part, (t) => t.closed_at)}::timestamptz[])`.execute(db);
  }
  return tickets.length;
}

async function insertSurveys(db: Db, surveys: DemoSurveyAnswer[], ids: Map<string, number>) {
  for (const part of chunks(surveys, ACTIVITY_CHUNK)) {
    await sql`
      insert into survey_answers (external_id, account_id, kind, score, respondent, comment,
        answered_on)
      select * from unnest(${col(part, (s) => s.external_id)}::text[],
        ${col(part, (s) => idOf(ids, s.account_external_id))}::bigint[],
        ${col(part, (s) => s.kind)}::text[], ${col(part, (s) => s.score)}::smallint[],
        ${col(part, (s) => s.respondent)}::text[], ${col(part, (s) => s.comment)}::text[],
        ${col(part, (s) => s.answered_on)}::date[])`.execute(db);
  }
  return surveys.length;
}

/** Loads a generated demo data set, a few thousand rows per statement. */
export async function insertDemoData(db: Db, data: DemoData): Promise<DemoCounts> {
  const ids = await insertAccounts(db, data.accounts);
  const usageRows = await insertUsage(db, data, ids);
  const tickets = await insertTickets(db, data.tickets, ids);
  const surveys = await insertSurveys(db, data.surveys, ids);
  return { accounts: ids.size, usageRows, tickets, surveys };
}

/**
 * For the rest of the transaction, no foreign-key checks and no triggers (the session acts as
 * a replica applying rows already checked). Only a superuser may (the embedded database's
 * session is one); anyone else loads with the checks, as before.
 */
export async function skipReferenceChecks(db: Db): Promise<void> {
  await sql`select set_config('session_replication_role', 'replica', true)
    where current_setting('is_superuser') = 'on'`.execute(db);
}

export async function countAccounts(db: Db): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Empties accounts and, by cascade, everything that belongs to an account. */
export async function deleteAllAccounts(db: Db): Promise<void> {
  await sql`truncate accounts restart identity cascade`.execute(db);
}

/** Score and band of some accounts on a day, for the seed command's summary. */
export async function scoresOn(
  db: Db,
  externalIds: string[],
  day: string,
): Promise<{ external_id: string; name: string; score: number | null; band: string | null }[]> {
  return db
    .selectFrom('accounts')
    .leftJoin('health_snapshots as h', (join) =>
      join.onRef('h.account_id', '=', 'accounts.id').on('h.day', '=', day),
    )
    .select(['accounts.external_id', 'accounts.name', 'h.score', 'h.band'])
    .where('accounts.external_id', 'in', externalIds)
    .orderBy('accounts.external_id')
    .execute();
}
