import { sql } from 'kysely';
import type { Db } from '../db/schema';
import { addDays } from '../domain/dates';
import type { Band } from '../domain/health';
import { NEW_ANSWER_DAYS, type RuleFacts } from '../domain/rules';

/**
 * Every active account's rule facts on `day` (or only those of `accountIds`), in six set-based
 * queries whatever the number of accounts: accounts with today's snapshot, earlier snapshots,
 * usage, last login, urgent tickets, NPS.
 */
export interface ExpansionFactOptions {
  /** The seats_high window in days (at most 60: inside the usage aggregate's window). */
  seatDays: number;
  /** Feature names whose first use is a signal; none: that query is skipped. */
  premiumFeatures: readonly string[];
}

export async function loadRuleFacts(
  db: Db,
  day: string,
  scoreDropDays: number,
  accountIds?: readonly number[],
  expansion: ExpansionFactOptions = { seatDays: 14, premiumFeatures: [] },
): Promise<RuleFacts[]> {
  const ids = accountIds ? [...accountIds] : null;
  // `and <column> in the subset`, or nothing for every account.
  const among = (column: string) =>
    ids ? sql`and ${sql.ref(column)} = any(${ids}::bigint[])` : sql``;
  const accounts = await sql<{
    id: number;
    contract_start: string | null;
    renewal_date: string | null;
    score: number | null;
    band: Band | null;
  }>`
    select a.id, a.contract_start, a.renewal_date, s.score, s.band
    from accounts a left join health_snapshots s on s.account_id = a.id and s.day = ${day}::date
    where a.status = 'active' ${among('a.id')} order by a.id`.execute(db);

  const earlier = await sql<{ account_id: number; prev_band: Band | null; high: number | null }>`
    select account_id,
      (array_agg(band order by day desc) filter (where band is not null))[1] as prev_band,
      max(score) filter (where day >= ${addDays(day, -scoreDropDays)}::date) as high
    from health_snapshots
    where day < ${day}::date and day >= ${addDays(day, -Math.max(scoreDropDays, 7))}::date
      ${among('account_id')}
    group by account_id`.execute(db);

  const usage = await sql<{
    account_id: number;
    au30: number | null;
    au_prev: number | null;
    last_login: string | null;
    fu: number | null;
    ft: number | null;
    seat_min: number | null;
    seat_days: number;
    seats: number | null;
  }>`
    select account_id,
      min(active_users::float8 / seats) filter (where day > ${day}::date - ${expansion.seatDays}::int
        and seats > 0) as seat_min,
      count(*) filter (where day > ${day}::date - ${expansion.seatDays}::int and seats > 0)::int
        as seat_days,
      (array_agg(seats order by day desc) filter (where seats > 0))[1] as seats,
      avg(active_users) filter (where day > ${day}::date - 30) as au30,
      avg(active_users) filter (where day <= ${day}::date - 30) as au_prev,
      max(day) filter (where logins > 0) as last_login,
      max(core_features_used) filter (where day > ${day}::date - 30) as fu,
      max(core_features_total) filter (where day > ${day}::date - 30) as ft
    from usage_daily where day > ${day}::date - 60 and day <= ${day}::date ${among('account_id')}
    group by account_id`.execute(db);
  // Last login can be older than the 60-day window; one more cheap aggregate finds it.
  const lastLogin = await sql<{ account_id: number; last_login: string }>`
    select account_id, max(day) as last_login from usage_daily
    where logins > 0 and day <= ${day}::date ${among('account_id')} group by account_id`.execute(
    db,
  );

  const tickets = await sql<{ account_id: number; id: number; opened_on: string }>`
    select account_id, id, opened_at::date as opened_on from tickets
    where priority = 'urgent' and status <> 'closed' and opened_at < ${day}::date + 1
      ${among('account_id')}`.execute(db);

  const answers = await sql<{
    account_id: number;
    id: number;
    score: number;
    respondent: string | null;
    answered_on: string;
  }>`
    select account_id, id, score, respondent, answered_on from survey_answers
    where kind = 'nps' and answered_on <= ${day}::date
      and answered_on > ${day}::date - ${NEW_ANSWER_DAYS}::int ${among('account_id')}`.execute(db);

  // First use ever of each premium feature, kept only when it is recent (a new adoption).
  const premium =
    expansion.premiumFeatures.length === 0
      ? { rows: [] }
      : await sql<{ account_id: number; feature: string; first_day: string }>`
    select account_id, feature, min(day)::text as first_day from track_features
    where feature = any(${[...expansion.premiumFeatures]}::text[]) and day <= ${day}::date
      ${among('account_id')}
    group by account_id, feature
    having min(day) > ${day}::date - ${NEW_ANSWER_DAYS}::int`.execute(db);

  const byId = new Map<number, RuleFacts>();
  for (const a of accounts.rows) {
    byId.set(a.id, {
      accountId: a.id,
      today: day,
      score: a.score,
      band: a.band,
      previousBand: null,
      recentHighScore: null,
      lastLoginDate: null,
      hasUsage: false,
      activeUsers30: null,
      activeUsersPrev30: null,
      activation: null,
      contractStart: a.contract_start,
      renewalDate: a.renewal_date,
      npsAnswers: [],
      urgentTickets: [],
      seatUse: null,
      premiumFirstUse: [],
    });
  }
  for (const e of earlier.rows) {
    const f = byId.get(e.account_id);
    if (!f) continue;
    f.previousBand = e.prev_band;
    f.recentHighScore = e.high === null ? null : Number(e.high);
  }
  for (const u of usage.rows) {
    const f = byId.get(u.account_id);
    if (!f) continue;
    f.hasUsage = true;
    f.activeUsers30 = u.au30 === null ? null : Number(u.au30);
    f.activeUsersPrev30 = u.au_prev === null ? null : Number(u.au_prev);
    f.activation = u.fu !== null && u.ft ? Number(u.fu) / Number(u.ft) : null;
    f.seatUse =
      u.seat_min === null || u.seats === null
        ? null
        : { minUse: Number(u.seat_min), days: u.seat_days, seats: Number(u.seats) };
  }
  for (const p of premium.rows) {
    byId.get(p.account_id)?.premiumFirstUse?.push({ feature: p.feature, firstDay: p.first_day });
  }
  for (const l of lastLogin.rows) {
    const f = byId.get(l.account_id);
    if (f) f.lastLoginDate = l.last_login;
  }
  for (const t of tickets.rows) {
    byId.get(t.account_id)?.urgentTickets.push({ id: t.id, openedOn: t.opened_on });
  }
  for (const s of answers.rows) {
    byId.get(s.account_id)?.npsAnswers.push({
      id: s.id,
      score: s.score,
      respondent: s.respondent,
      answeredOn: s.answered_on,
    });
  }
  return [...byId.values()];
}
