import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Alert } from '../db/tables/alerts';

/** Who an acknowledged alert belongs to: its assignee, else whoever acknowledged it. */
export interface ReminderClaim {
  alert: Alert;
  platform: string;
  userId: string;
  name: string;
}

/**
 * Claims acknowledged episode leads whose acknowledgement is older than `ackedBefore` and
 * nothing was logged since (no follow-up, no note): reminded_at is set in the same statement,
 * so each is reminded once, whoever runs the job. Returns each with the person to remind.
 */
export async function claimReminders(
  db: Db,
  ackedBefore: Date,
  now: Date,
): Promise<ReminderClaim[]> {
  const { rows } = await sql<Alert & { r_platform: string; r_user: string; r_name: string }>`
    with due as (
      select a.id from alerts a
      where a.status = 'acknowledged' and a.episode_of is null and a.reminded_at is null
        and a.acknowledged_at <= ${ackedBefore}
        and (a.snoozed_until is null or a.snoozed_until <= ${now})
        and not exists (select 1 from alert_events e where e.alert_id = a.id
          and e.action in ('followup', 'note') and e.at >= a.acknowledged_at)
      for update of a skip locked),
    claimed as (
      update alerts set reminded_at = ${now} where id in (select id from due) returning *)
    select c.*, who.platform as r_platform, who.user_id as r_user, who.name as r_name
    from claimed c
    cross join lateral (
      select e.platform,
        case when e.action = 'assign' then e.details->>'assigneeId' else e.actor end as user_id,
        case when e.action = 'assign' then e.details->>'assignee' else e.details->>'name' end as name
      from alert_events e
      where e.alert_id = c.id and e.action in ('assign', 'ack')
      order by (e.action = 'assign') desc, e.at desc, e.id desc
      limit 1) who`.execute(db);
  return rows.map(({ r_platform, r_user, r_name, ...alert }) => ({
    alert: alert as Alert,
    platform: r_platform,
    userId: r_user,
    name: r_name ?? r_user,
  }));
}
