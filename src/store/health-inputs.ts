import { sql } from 'kysely';
import type { Db } from '../db/schema';
import {
  type HealthInputs,
  type NpsAnswer,
  noHealthData,
  type OpenTicket,
  USAGE_WINDOW_DAYS,
} from '../domain/health';

interface UsageAggregate {
  account_id: number;
  seats: number | null;
  au30: number | null;
  au_prev: number | null;
  l30: number | null;
  l_prev: number | null;
  last_login: string | null;
  fu30: number | null;
  ft: number | null;
}

export interface ScoredAccount {
  id: number;
  contract_start: string | null;
}

/** Restricts a query to some accounts, or none of the restriction when ids is undefined. */
const onlyAccounts = (column: string, ids: number[] | undefined) =>
  ids ? sql`and ${sql.ref(column)} = any(${ids}::bigint[])` : sql``;

/** The accounts scored on a run, by id: every active one, or those of `accountIds`. */
export async function scoredAccounts(db: Db, accountIds?: number[]): Promise<ScoredAccount[]> {
  const { rows } = await sql<ScoredAccount>`
    select id, contract_start from accounts
    where status = 'active' ${onlyAccounts('id', accountIds)} order by id`.execute(db);
  return rows;
}

/** Whether any ticket was ever imported: without, support is "no data", not "no tickets". */
export async function hasTicketData(db: Db): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from (select 1 from tickets limit 1) t`.execute(db);
  return (rows[0]?.n ?? 0) > 0;
}

export type { UsageAggregate };

/** An account's open ticket on a day, and its survey answers, as loadHealthInputs reads them. */
export interface TicketRow {
  account_id: number;
  priority: OpenTicket['priority'];
  opened_on: string;
}
export interface SurveyRow {
  account_id: number;
  kind: 'nps' | 'csat';
  score: number;
  respondent: string | null;
  answered_on: string;
}
/** Tickets and survey answers already read for the day (store/health-history.ts). */
export interface ActivityRows {
  tickets: TicketRow[];
  surveys: SurveyRow[];
}

/**
 * Opens (in the caller's transaction) a cursor over every scored account's usage aggregate
 * on `day`, in account id order. One pass, the same plan as a single aggregate query (an
 * index scan in (account_id, day) order feeding a streaming group-by, no sort), fetched a
 * slice at a time so memory stays flat. Slicing by id ranges instead let the planner pick
 * the day index and read the whole window once per slice (36 M rows: 4× slower).
 */
export async function openUsageCursor(db: Db, day: string, accountIds?: number[]): Promise<void> {
  // Latest non-null seats without sorting each account's rows: the largest (day, seats) pair
  // packed into one bigint (days since 2000 in the high half; seats is non-negative).
  await sql`
    declare tend_health_usage no scroll cursor for
    select account_id,
      (max(((day - date '2000-01-01')::bigint << 32) | seats) filter (where seats is not null)
        & 4294967295)::int as seats,
      -- Averages as float8 from exact integer sums: numeric avg costs Postgres far more.
      sum(active_users) filter (where day > ${day}::date - 30)::float8
        / nullif(count(*) filter (where day > ${day}::date - 30), 0) as au30,
      sum(active_users) filter (where day <= ${day}::date - 30)::float8
        / nullif(count(*) filter (where day <= ${day}::date - 30), 0) as au_prev,
      sum(logins) filter (where day > ${day}::date - 30) as l30,
      sum(logins) filter (where day <= ${day}::date - 30) as l_prev,
      max(day) filter (where logins > 0) as last_login,
      max(core_features_used) filter (where day > ${day}::date - 30) as fu30,
      max(core_features_total) filter (where day > ${day}::date - 30) as ft
    from usage_daily
    where day > ${day}::date - ${USAGE_WINDOW_DAYS}::int and day <= ${day}::date
      ${onlyAccounts('account_id', accountIds)}
    group by account_id order by account_id`.execute(db);
}

/** The next `n` accounts' usage from openUsageCursor's cursor; fewer means the end. */
export async function fetchUsage(db: Db, n: number): Promise<UsageAggregate[]> {
  const { rows } =
    await sql<UsageAggregate>`fetch forward ${sql.lit(n)} from tend_health_usage`.execute(db);
  return rows;
}

export async function closeUsageCursor(db: Db): Promise<void> {
  await sql`close tend_health_usage`.execute(db);
}

/**
 * The health inputs of `accounts` (sorted by id) on `day`: their usage aggregates as fetched
 * (fetchUsage) plus three set-based queries over the id range they span: open tickets, NPS
 * answers and each account's CSAT sum and count.
 */
export async function loadHealthInputs(
  db: Db,
  day: string,
  accounts: ScoredAccount[],
  usage: UsageAggregate[],
  options: {
    npsWindowDays: number;
    hasTicketData: boolean;
    /** Chosen accounts, not all active ones: scattered ids, so each query lists them. */
    exact?: boolean;
    /** The day's tickets and survey answers, read beforehand (then not read here). */
    activity?: ActivityRows;
  },
): Promise<Map<number, HealthInputs>> {
  const first = accounts[0]?.id;
  const last = accounts[accounts.length - 1]?.id;
  const byAccount = new Map<number, HealthInputs>();
  if (first === undefined || last === undefined) return byAccount;
  const ids = options.exact ? accounts.map((a) => a.id) : undefined;
  const inRange = (column: string) =>
    sql`${sql.ref(column)} between ${first} and ${last} ${onlyAccounts(column, ids)}`;

  // Ticket state as of the end of `day`, so past days can be recomputed too.
  const tickets = options.activity
    ? Promise.resolve({ rows: options.activity.tickets })
    : options.hasTicketData
      ? sql<TicketRow>`
        select account_id, priority, opened_at::date as opened_on from tickets
        where ${inRange('account_id')} and opened_at < ${day}::date + 1
          and (closed_at is null or closed_at >= ${day}::date + 1)
          and status <> 'closed'`.execute(db)
      : Promise.resolve({ rows: [] });

  // NPS answers one by one (the detractor to call is named); CSAT only as each account's sum
  // and count: CSAT answers are most survey rows, and the engine needs their mean alone.
  const surveyWindow = sql`answered_on > ${day}::date - ${options.npsWindowDays}::int
    and answered_on <= ${day}::date`;
  const nps = options.activity
    ? Promise.resolve({ rows: options.activity.surveys.filter((s) => s.kind === 'nps') })
    : sql<Omit<SurveyRow, 'kind'>>`
    select account_id, score, respondent, answered_on from survey_answers
    where ${inRange('account_id')} and kind = 'nps' and ${surveyWindow}`.execute(db);
  const csat = options.activity
    ? Promise.resolve({ rows: csatSums(options.activity.surveys) })
    : sql<CsatSum>`
    select account_id, sum(score)::int as sum, count(*)::int as n from survey_answers
    where ${inRange('account_id')} and kind = 'csat' and ${surveyWindow}
    group by account_id`.execute(db);

  for (const a of accounts) {
    byAccount.set(a.id, noHealthData(day, a.contract_start, options.hasTicketData));
  }
  for (const u of usage) {
    const inputs = byAccount.get(u.account_id);
    if (!inputs) continue;
    inputs.seats = u.seats;
    inputs.activeUsers30 = u.au30 === null ? null : Number(u.au30);
    inputs.activeUsersPrev30 = u.au_prev === null ? null : Number(u.au_prev);
    inputs.logins30 = u.l30 === null ? null : Number(u.l30);
    inputs.loginsPrev30 = u.l_prev === null ? null : Number(u.l_prev);
    inputs.lastLoginDate = u.last_login;
    inputs.featuresUsed30 = u.fu30;
    inputs.featuresTotal = u.ft;
  }
  for (const t of (await tickets).rows) {
    byAccount.get(t.account_id)?.openTickets.push({ priority: t.priority, openedOn: t.opened_on });
  }
  for (const s of (await nps).rows) {
    const answer: NpsAnswer = {
      score: s.score,
      respondent: s.respondent,
      answeredOn: s.answered_on,
    };
    byAccount.get(s.account_id)?.npsAnswers.push(answer);
  }
  for (const c of (await csat).rows) {
    const inputs = byAccount.get(c.account_id);
    if (inputs) inputs.csatAverage = c.sum / c.n;
  }
  return byAccount;
}

interface CsatSum {
  account_id: number;
  sum: number;
  n: number;
}

/** Each account's CSAT sum and count from answers already read: what the CSAT query returns. */
function csatSums(surveys: SurveyRow[]): CsatSum[] {
  const sums = new Map<number, CsatSum>();
  for (const s of surveys) {
    if (s.kind !== 'csat') continue;
    const c = sums.get(s.account_id) ?? { account_id: s.account_id, sum: 0, n: 0 };
    c.sum += s.score;
    c.n += 1;
    sums.set(s.account_id, c);
  }
  return [...sums.values()];
}
