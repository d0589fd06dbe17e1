import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Band } from '../domain/health';

export interface RenewalCandidate {
  id: number;
  name: string;
  segment: string | null;
  tier: string | null;
  owner_email: string | null;
  arr: number | null;
  slack_channel: string | null;
  teams_channel: string | null;
  renewal_date: string;
  score: number | null;
  band: Band | null;
}

/** Active accounts renewing in [today, today + days], with their latest health. */
export async function renewalsWithin(
  db: Db,
  today: string,
  days: number,
): Promise<RenewalCandidate[]> {
  const { rows } = await sql<RenewalCandidate>`
    select a.id, a.name, a.segment, a.tier, a.owner_email, a.arr, a.slack_channel,
      a.teams_channel, a.renewal_date, s.score, s.band
    from accounts a
    left join lateral (
      select score, band from health_snapshots h
      where h.account_id = a.id and h.day <= ${today}::date order by h.day desc limit 1
    ) s on true
    where a.status = 'active' and a.renewal_date >= ${today}::date
      and a.renewal_date <= ${today}::date + ${days}::int
    order by a.renewal_date, a.id`.execute(db);
  return rows;
}

/** Records reminders; returns those not recorded before (the unique index decides). */
export async function recordReminders(
  db: Db,
  items: { accountId: number; renewalDate: string; window: number }[],
  now: Date,
): Promise<{ account_id: number; renewal_date: string; window_days: number }[]> {
  if (items.length === 0) return [];
  const { rows } = await sql<{ account_id: number; renewal_date: string; window_days: number }>`
    insert into renewal_events (account_id, renewal_date, kind, window_days, at)
    select a, d, 'reminder', w, ${now}::timestamptz
    from unnest(${items.map((i) => i.accountId)}::bigint[], ${items.map((i) => i.renewalDate)}::date[],
      ${items.map((i) => i.window)}::int[]) as t(a, d, w)
    on conflict (account_id, renewal_date, window_days) where kind = 'reminder' do nothing
    returning account_id, renewal_date, window_days`.execute(db);
  return rows;
}

export type RenewalEventKind = 'renewed' | 'churned' | 'snoozed' | 'plan_started';

export async function recordRenewalEvent(
  db: Db,
  e: {
    accountId: number;
    renewalDate: string;
    kind: RenewalEventKind;
    newRenewalDate?: string | null;
    actor: string;
    platform: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('renewal_events')
    .values({
      account_id: e.accountId,
      renewal_date: e.renewalDate,
      kind: e.kind,
      window_days: null,
      new_renewal_date: e.newRenewalDate ?? null,
      actor: e.actor,
      platform: e.platform,
      at: e.at,
    })
    .execute();
}

export async function hasRenewalEvent(
  db: Db,
  accountId: number,
  renewalDate: string,
  kind: RenewalEventKind,
): Promise<boolean> {
  const row = await db
    .selectFrom('renewal_events')
    .select('id')
    .where('account_id', '=', accountId)
    .where('renewal_date', '=', renewalDate)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row !== undefined;
}

/** Renewed and churned outcomes decided in [from, to): for renewal and churn rates. */
export async function renewalOutcomes(
  db: Db,
  from: Date,
  to: Date,
): Promise<{ renewed: number; churned: number }> {
  const { rows } = await sql<{ renewed: number; churned: number }>`
    select count(*) filter (where kind = 'renewed')::int as renewed,
      count(*) filter (where kind = 'churned')::int as churned
    from renewal_events where at >= ${from} and at < ${to}`.execute(db);
  return rows[0] ?? { renewed: 0, churned: 0 };
}
