import { sql } from 'kysely';
import type { Db } from '../db/schema';
import {
  type HealthInputs,
  type NpsAnswer,
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

/** Restricts a query to some accounts, or none of the restriction when ids is undefined. */
const onlyAccounts = (column: string, ids: number[] | undefined) =>
  ids ? sql`and ${sql.ref(column)} = any(${ids}::bigint[])` : sql``;

/**
 * The health inputs of every active account (or of `accountIds`) on `day`, in five set-based
 * queries whatever the number of accounts: usage windows, open tickets, survey answers and
 * the accounts themselves. The windows look back 60 days of usage (30 scored + 30 to compare).
 */
export async function loadHealthInputs(
  db: Db,
  day: string,
  options: { accountIds?: number[]; npsWindowDays: number },
): Promise<Map<number, HealthInputs>> {
  const ids = options.accountIds;
  // The five queries are independent: on a pool they run side by side (the usage aggregate
  // dominates); on one connection (a transaction, PGlite) they simply queue.
  const accountsQuery = sql<{ id: number; contract_start: string | null }>`
    select id, contract_start from accounts
    where status = 'active' ${onlyAccounts('id', ids)}`.execute(db);

  const usageQuery = sql<UsageAggregate>`
    select account_id,
      (array_agg(seats order by day desc) filter (where seats is not null))[1] as seats,
      avg(active_users) filter (where day > ${day}::date - 30) as au30,
      avg(active_users) filter (where day <= ${day}::date - 30) as au_prev,
      sum(logins) filter (where day > ${day}::date - 30) as l30,
      sum(logins) filter (where day <= ${day}::date - 30) as l_prev,
      max(day) filter (where logins > 0) as last_login,
      max(core_features_used) filter (where day > ${day}::date - 30) as fu30,
      max(core_features_total) filter (where day > ${day}::date - 30) as ft
    from usage_daily
    where day > ${day}::date - ${USAGE_WINDOW_DAYS}::int and day <= ${day}::date
      ${onlyAccounts('account_id', ids)}
    group by account_id`.execute(db);

  // Ticket state as of the end of `day`, so past days can be recomputed too.
  const ticketsQuery = sql<{
    account_id: number;
    priority: OpenTicket['priority'];
    opened_on: string;
  }>`
    select account_id, priority, opened_at::date as opened_on from tickets
    where opened_at < ${day}::date + 1 and (closed_at is null or closed_at >= ${day}::date + 1)
      and status <> 'closed' ${onlyAccounts('account_id', ids)}`.execute(db);
  const anyTicketsQuery = sql<{
    n: number;
  }>`select count(*) as n from (select 1 from tickets limit 1) t`.execute(db);

  const surveysQuery = sql<{
    account_id: number;
    kind: 'nps' | 'csat';
    score: number;
    respondent: string | null;
    answered_on: string;
  }>`
    select account_id, kind, score, respondent, answered_on from survey_answers
    where answered_on > ${day}::date - ${options.npsWindowDays}::int and answered_on <= ${day}::date
      ${onlyAccounts('account_id', ids)}`.execute(db);
  const [accounts, usage, tickets, anyTickets, surveys] = await Promise.all([
    accountsQuery,
    usageQuery,
    ticketsQuery,
    anyTicketsQuery,
    surveysQuery,
  ]);

  const byAccount = new Map<number, HealthInputs>();
  const hasTicketData = (anyTickets.rows[0]?.n ?? 0) > 0;
  for (const a of accounts.rows) {
    byAccount.set(a.id, {
      asOf: day,
      contractStart: a.contract_start,
      seats: null,
      activeUsers30: null,
      activeUsersPrev30: null,
      logins30: null,
      loginsPrev30: null,
      lastLoginDate: null,
      featuresUsed30: null,
      featuresTotal: null,
      openTickets: [],
      hasTicketData,
      npsAnswers: [],
      csatAverage: null,
    });
  }
  for (const u of usage.rows) {
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
  for (const t of tickets.rows) {
    byAccount.get(t.account_id)?.openTickets.push({ priority: t.priority, openedOn: t.opened_on });
  }
  const csat = new Map<number, { sum: number; n: number }>();
  for (const s of surveys.rows) {
    const inputs = byAccount.get(s.account_id);
    if (!inputs) continue;
    if (s.kind === 'nps') {
      const answer: NpsAnswer = {
        score: s.score,
        respondent: s.respondent,
        answeredOn: s.answered_on,
      };
      inputs.npsAnswers.push(answer);
    } else {
      const c = csat.get(s.account_id) ?? { sum: 0, n: 0 };
      c.sum += s.score;
      c.n += 1;
      csat.set(s.account_id, c);
    }
  }
  for (const [id, c] of csat) {
    const inputs = byAccount.get(id);
    if (inputs) inputs.csatAverage = c.sum / c.n;
  }
  return byAccount;
}
