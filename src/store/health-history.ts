import { sql } from 'kysely';
import type { Db } from '../db/schema';
import { addDays, formatDay, parseDay } from '../domain/dates';
import { USAGE_WINDOW_DAYS } from '../domain/health';
import type { ActivityRows, SurveyRow, TicketRow, UsageAggregate } from './health-inputs';

/** One account's usage_daily rows as parallel arrays in day order (days as epoch days). */
export interface UsageSeries {
  account_id: number;
  day: number[];
  active_users: (number | null)[];
  seats: (number | null)[];
  logins: (number | null)[];
  used: (number | null)[];
  total: (number | null)[];
}

/**
 * The usage rows of the accounts with ids in `accounts` that any day from `days.first` to
 * `days.last` reads (its USAGE_WINDOW_DAYS window): what scoring a run of past days needs, read
 * once. One row per account, its columns as arrays: PGlite hands back ~25,000 separate rows
 * about fifteen times slower than the same values in 200 rows of arrays.
 */
export async function usageSeries(
  db: Db,
  accounts: { first: number; last: number },
  days: { first: string; last: string },
): Promise<UsageSeries[]> {
  const { rows } = await sql<UsageSeries>`
    select account_id,
      array_agg(day - date '1970-01-01' order by day) as day,
      array_agg(active_users order by day) as active_users,
      array_agg(seats order by day) as seats,
      array_agg(logins order by day) as logins,
      array_agg(core_features_used order by day) as used,
      array_agg(core_features_total order by day) as total
    from usage_daily
    where account_id between ${accounts.first} and ${accounts.last}
      and day > ${days.first}::date - ${USAGE_WINDOW_DAYS}::int and day <= ${days.last}::date
    group by account_id order by account_id`.execute(db);
  return rows;
}

/**
 * openUsageCursor's aggregate on `day` (store/health-inputs.ts), computed from `series`: the
 * same window, filters and null rules, so the scores come out identical (tests/integration/
 * seed-history.test.ts holds it to the per-day path). Sums are of integers, exact in both; an
 * average is one float division of the same two numbers.
 */
export function usageAggregatesOn(series: readonly UsageSeries[], day: string): UsageAggregate[] {
  const today = parseDay(day);
  const windowStart = today - USAGE_WINDOW_DAYS;
  const recentStart = today - 30;
  const out: UsageAggregate[] = [];
  for (const s of series) {
    let any = false;
    let seats: number | null = null;
    let au30: number | null = null;
    let n30 = 0;
    let auPrev: number | null = null;
    let nPrev = 0;
    let l30: number | null = null;
    let lPrev: number | null = null;
    let lastLogin: number | null = null;
    let fu30: number | null = null;
    let ft: number | null = null;
    for (let i = 0; i < s.day.length; i++) {
      const d = s.day[i]!;
      if (d <= windowStart || d > today) continue;
      any = true;
      const active = s.active_users[i] ?? null;
      const logins = s.logins[i] ?? null;
      // Day order: the last non-null seats is the latest day's, as the packed max picks.
      seats = s.seats[i] ?? seats;
      if (logins !== null && logins > 0) lastLogin = d;
      if (d > recentStart) {
        n30++;
        if (active !== null) au30 = (au30 ?? 0) + active;
        if (logins !== null) l30 = (l30 ?? 0) + logins;
        fu30 = maxOf(fu30, s.used[i] ?? null);
        ft = maxOf(ft, s.total[i] ?? null);
      } else {
        nPrev++;
        if (active !== null) auPrev = (auPrev ?? 0) + active;
        if (logins !== null) lPrev = (lPrev ?? 0) + logins;
      }
    }
    if (!any) continue;
    out.push({
      account_id: s.account_id,
      seats,
      // sum(...)::float8 / nullif(count(*), 0): null without rows or without values.
      au30: au30 === null || n30 === 0 ? null : au30 / n30,
      au_prev: auPrev === null || nPrev === 0 ? null : auPrev / nPrev,
      l30,
      l_prev: lPrev,
      last_login: lastLogin === null ? null : formatDay(lastLogin),
      fu30,
      ft,
    });
  }
  return out;
}

/** max() that skips nulls. */
const maxOf = (a: number | null, b: number | null) =>
  a === null ? b : b === null ? a : Math.max(a, b);

/** A ticket open on some day, with the local days it opened and closed (null: not closed). */
interface TicketSpan extends TicketRow {
  closed_on: string | null;
}

/**
 * What loadHealthInputs reads of tickets and surveys for each of `days` (oldest first), read
 * once for them all (accounts with ids from `accounts.first` to `accounts.last`) and sorted out
 * by day here, by the same predicates: a ticket counts on day D when it opened before the end
 * of D (`opened_at < D + 1`, i.e. its local day ≤ D), was not closed by then (`closed_at >= D +
 * 1`, i.e. closed on a later local day) and is not closed now; an answer when it is from the
 * NPS window ending on D. Row order is the tables' (id), as the per-day reads return them.
 */
export async function activityOnDays(
  db: Db,
  accounts: { first: number; last: number },
  days: readonly string[],
  options: { npsWindowDays: number; hasTicketData: boolean },
): Promise<Map<string, ActivityRows>> {
  const first = days[0];
  const last = days[days.length - 1];
  const byDay = new Map<string, ActivityRows>(days.map((d) => [d, { tickets: [], surveys: [] }]));
  if (first === undefined || last === undefined) return byDay;
  const tickets = options.hasTicketData
    ? sql<TicketSpan>`
        select account_id, priority, opened_at::date as opened_on, closed_at::date as closed_on
        from tickets
        where account_id between ${accounts.first} and ${accounts.last}
          and opened_at < ${last}::date + 1
          and (closed_at is null or closed_at >= ${first}::date + 1) and status <> 'closed'
        order by id`.execute(db)
    : Promise.resolve({ rows: [] as TicketSpan[] });
  const surveys = sql<SurveyRow>`
    select account_id, kind, score, respondent, answered_on from survey_answers
    where account_id between ${accounts.first} and ${accounts.last}
      and answered_on > ${first}::date - ${options.npsWindowDays}::int
      and answered_on <= ${last}::date
    order by id`.execute(db);
  const ticketRows = (await tickets).rows;
  const surveyRows = (await surveys).rows;
  for (const [day, activity] of byDay) {
    const windowStart = addDays(day, -options.npsWindowDays);
    for (const { closed_on, ...t } of ticketRows) {
      if (t.opened_on <= day && (closed_on === null || closed_on > day)) activity.tickets.push(t);
    }
    for (const s of surveyRows) {
      if (s.answered_on > windowStart && s.answered_on <= day) activity.surveys.push(s);
    }
  }
  return byDay;
}
