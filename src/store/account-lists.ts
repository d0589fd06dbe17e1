import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Band } from '../domain/health';
import { EXPANSION_RULES } from '../domain/rules';

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

// The latest snapshot per account through a lateral join on the (account_id, day) key: one
// index probe per account, so a list stays fast on 20,000 accounts.
const LINE = sql`a.id, a.name, a.arr, a.renewal_date::text as "renewalDate",
  a.owner_email as "ownerEmail", s.score, s.band, count(*) over () as total`;
const LATEST = sql`left join lateral (
    select score, band from health_snapshots h where h.account_id = a.id
    order by h.day desc limit 1) s on true`;

const page = (rows: (AccountLine & { total: number })[]): AccountPage => ({
  rows: rows.map(({ total: _total, ...line }) => line),
  total: rows[0]?.total ?? 0,
});

/** A CSM's active accounts, riskiest first: lowest score, then unscored, then by name. */
export async function portfolioOf(db: Db, email: string, limit: number): Promise<AccountPage> {
  const { rows } = await sql<AccountLine & { total: number }>`
    select ${LINE} from accounts a ${LATEST}
    where lower(a.owner_email) = ${email.toLowerCase()} and a.status = 'active'
    order by s.score asc nulls last, a.name
    limit ${limit}`.execute(db);
  return page(rows);
}

/** Active accounts renewing between two days (inclusive), soonest first. */
export async function renewalsBetween(
  db: Db,
  from: string,
  to: string,
  limit: number,
  offset = 0,
): Promise<AccountPage & { arrTotal: number; arrAtRisk: number }> {
  const { rows } = await sql<
    AccountLine & { total: number; arrTotal: number | null; arrAtRisk: number | null }
  >`
    select ${LINE},
      sum(a.arr) over () as "arrTotal",
      sum(a.arr) filter (where s.band is distinct from 'green') over () as "arrAtRisk"
    from accounts a ${LATEST}
    where a.status = 'active' and a.renewal_date between ${from}::date and ${to}::date
    order by a.renewal_date, a.name
    limit ${limit} offset ${offset}`.execute(db);
  return {
    ...page(rows.map(({ arrTotal: _t, arrAtRisk: _r, ...r }) => r)),
    arrTotal: Number(rows[0]?.arrTotal ?? 0),
    arrAtRisk: Number(rows[0]?.arrAtRisk ?? 0),
  };
}

/** An expansion signal is an alert row but not a risk: /risk neither counts nor lists it. */
const NOT_EXPANSION = sql`rule <> all(${[...EXPANSION_RULES]}::text[])`;

export interface AtRiskLine extends AccountLine {
  openAlerts: number;
}

/**
 * Accounts at risk now: red, or with unresolved risk alerts (not expansion signals); riskiest
 * first: by band (red, yellow, green, unscored), then lowest score, then most open alerts.
 * (Ordering by the number of alerts first put a yellow 65 with three alerts above the reds.)
 */
export async function accountsAtRisk(
  db: Db,
  limit: number,
  offset = 0,
): Promise<{ rows: AtRiskLine[]; total: number }> {
  const { rows } = await sql<AtRiskLine & { total: number }>`
    select ${LINE}, coalesce(al.n, 0)::int as "openAlerts"
    from accounts a ${LATEST}
    left join (select account_id, count(*) as n from alerts where status <> 'resolved'
      and ${NOT_EXPANSION} group by account_id) al on al.account_id = a.id
    where a.status = 'active' and (s.band = 'red' or al.n > 0)
    order by case s.band when 'red' then 0 when 'yellow' then 1 when 'green' then 2 else 3 end,
      s.score asc nulls last, coalesce(al.n, 0) desc, a.name
    limit ${limit} offset ${offset}`.execute(db);
  return { rows: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}

export interface OpenAlertLine {
  id: number;
  accountId: number;
  rule: string;
  summary: string;
  /** The summary as code and values (alerts.summary_args); null on older alerts. */
  summaryArgs?: unknown;
  status: string;
}

/** Unresolved risk alerts of the given accounts (expansion signals aside), newest first. */
export async function openAlertsOfAccounts(db: Db, accountIds: number[]): Promise<OpenAlertLine[]> {
  if (accountIds.length === 0) return [];
  return db
    .selectFrom('alerts')
    .select([
      'id',
      'account_id as accountId',
      'rule',
      'summary',
      'summary_args as summaryArgs',
      'status',
    ])
    .where('account_id', 'in', accountIds)
    .where('status', '<>', 'resolved')
    .where('rule', 'not in', [...EXPANSION_RULES])
    .orderBy('fired_at', 'desc')
    .execute();
}

/**
 * Unresolved alerts on accounts a person owns, or assigned to them. The card shows the assignee
 * by name; who that is comes from the latest assign event (the chat user id it names, or for
 * Teams the AAD object id of a known personal chat), matched to the person by e-mail.
 */
export async function openAlertsFor(
  db: Db,
  email: string,
  limit: number,
): Promise<{ rows: (OpenAlertLine & { accountName: string })[]; total: number }> {
  const { rows } = await sql<OpenAlertLine & { accountName: string; total: number }>`
    select al.id, al.account_id as "accountId", al.rule, al.summary,
      al.summary_args as "summaryArgs", al.status,
      a.name as "accountName", count(*) over () as total
    from alerts al join accounts a on a.id = al.account_id
    where al.status <> 'resolved'
      and (lower(a.owner_email) = ${email.toLowerCase()} or lower(al.assignee) = ${email.toLowerCase()}
        or exists (
          select 1 from alert_events e
          join chat_users u on u.platform = e.platform and lower(u.email) = ${email.toLowerCase()}
          where e.id = (select max(e2.id) from alert_events e2
                        where e2.alert_id = al.id and e2.action = 'assign')
            and (u.user_id = e.details->>'assigneeId'
              or u.user_id in (select t.user_id from teams_conversations t
                               where t.aad_object_id = e.details->>'assigneeId'))))
    order by al.fired_at desc
    limit ${limit}`.execute(db);
  return { rows: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}
