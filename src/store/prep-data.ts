import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Band, Fact } from '../domain/health';
import type { ScorePoint, UsagePeriod } from '../domain/prep/brief';
import { EXPANSION_RULES } from '../domain/rules';
import { snapshotHealth } from './health-codec';

export interface DayRange {
  from: string;
  to: string;
}

export interface PrepData {
  /** Snapshots within the current period, oldest first. */
  snapshots: ScorePoint[];
  /** The last snapshot before the period (for a band change on its first day). */
  before: ScorePoint | null;
  /** The latest snapshot's drivers: English words, and the facts a card words per reader. */
  drivers: { text: string; facts?: readonly Fact[] }[];
  usage: { current: UsagePeriod; previous: UsagePeriod };
  tickets: {
    open: number;
    urgent: number;
    high: number;
    oldestOpenedAt: Date | null;
    /** The most pressing open tickets: by priority, then the oldest. */
    top: { subject: string | null; priority: string; openedAt: Date }[];
  };
  /** Answers in the current period, newest first. */
  surveys: {
    kind: 'nps' | 'csat';
    score: number;
    respondent: string | null;
    comment: string | null;
    day: string;
  }[];
  alerts: {
    total: number;
    top: {
      rule: string;
      summary: string;
      /** The summary as code and values (alerts.summary_args); null on older alerts. */
      summaryArgs: unknown;
      status: string;
      firedAt: Date;
    }[];
  };
}

const LIST = 5;

/** Everything a meeting brief quotes, for one account and two periods, in one transaction-less read. */
export async function prepData(
  db: Db,
  accountId: number,
  current: DayRange,
  previous: DayRange,
): Promise<PrepData> {
  const [snaps, before, usage, tickets, topTickets, surveys, alerts] = await Promise.all([
    db
      .selectFrom('health_snapshots')
      .select(['day', 'score', 'band', 'measures', 'drivers'])
      .where('account_id', '=', accountId)
      .where('day', '>=', current.from)
      .where('day', '<=', current.to)
      .orderBy('day')
      .execute(),
    db
      .selectFrom('health_snapshots')
      .select(['day', 'score', 'band'])
      .where('account_id', '=', accountId)
      .where('day', '<', current.from)
      .orderBy('day', 'desc')
      .limit(1)
      .executeTakeFirst(),
    sql<{
      period: 'current' | 'previous';
      days: number;
      active: number | null;
      logins: number | null;
      used: number | null;
      total: number | null;
    }>`
      select case when day >= ${current.from}::date then 'current' else 'previous' end as period,
        count(*)::int as days,
        avg(active_users)::float8 as active,
        sum(logins)::float8 as logins,
        avg(core_features_used)::float8 as used,
        avg(core_features_total)::float8 as total
      from usage_daily
      where account_id = ${accountId} and day between ${previous.from}::date and ${current.to}::date
      group by 1`.execute(db),
    sql<{ open: number; urgent: number; high: number; oldest: Date | null }>`
      select count(*)::int as open,
        (count(*) filter (where priority = 'urgent'))::int as urgent,
        (count(*) filter (where priority = 'high'))::int as high,
        min(opened_at) as oldest
      from tickets where account_id = ${accountId} and status <> 'closed'`.execute(db),
    sql<{ subject: string | null; priority: string; openedAt: Date }>`
      select subject, priority, opened_at as "openedAt" from tickets
      where account_id = ${accountId} and status <> 'closed'
      order by case priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end,
        opened_at, id
      limit ${LIST}`.execute(db),
    db
      .selectFrom('survey_answers')
      .select(['kind', 'score', 'respondent', 'comment', 'answered_on as day'])
      .where('account_id', '=', accountId)
      .where('answered_on', '>=', current.from)
      .where('answered_on', '<=', current.to)
      .orderBy('answered_on', 'desc')
      .orderBy('id', 'desc')
      .limit(50)
      .execute(),
    sql<{
      rule: string;
      summary: string;
      summaryArgs: unknown;
      status: string;
      firedAt: Date;
      total: number;
    }>`
      select rule, summary, summary_args as "summaryArgs", status, fired_at as "firedAt",
        count(*) over ()::int as total
      from alerts where account_id = ${accountId} and status <> 'resolved'
        -- An expansion signal is not a risk: the brief lists it under its own heading.
        and rule <> all(${[...EXPANSION_RULES]}::text[])
      order by fired_at desc, id desc limit ${LIST}`.execute(db),
  ]);
  const point = (r: { day: string; score: number | null; band: Band | null }): ScorePoint => ({
    day: r.day,
    score: r.score,
    band: r.band,
  });
  const period = (which: 'current' | 'previous'): UsagePeriod => {
    const r = usage.rows.find((u) => u.period === which);
    return {
      days: r?.days ?? 0,
      activeUsers: r?.active ?? null,
      logins: r?.logins ?? null,
      featuresUsed: r?.used ?? null,
      featuresTotal: r?.total ?? null,
    };
  };
  const latest = snaps.at(-1);
  const t = tickets.rows[0];
  return {
    snapshots: snaps.map(point),
    before: before ? point(before) : null,
    drivers: latest
      ? snapshotHealth(latest.measures, latest.drivers).drivers.map((d) => ({
          text: d.text,
          ...(d.facts ? { facts: d.facts } : {}),
        }))
      : [],
    usage: { current: period('current'), previous: period('previous') },
    tickets: {
      open: t?.open ?? 0,
      urgent: t?.urgent ?? 0,
      high: t?.high ?? 0,
      oldestOpenedAt: t?.oldest ?? null,
      top: topTickets.rows,
    },
    surveys: surveys,
    alerts: {
      total: alerts.rows[0]?.total ?? 0,
      top: alerts.rows.map(({ total: _total, ...a }) => a),
    },
  };
}
