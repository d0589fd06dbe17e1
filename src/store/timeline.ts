import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { TimelineItem } from '../domain/timeline';

/**
 * An account's timeline from `since` on, newest first, at most `limit` entries, with how many
 * there are in all: one statement over the tables that hold each kind of event (touchpoints,
 * alerts and their notes, follow-ups, survey loops, renewal events, health band changes), so
 * nothing is copied into a timeline table that could drift from its source.
 */
export async function accountTimeline(
  db: Db,
  accountId: number,
  since: Date,
  limit: number,
  offset = 0,
): Promise<{ items: TimelineItem[]; total: number }> {
  const sinceDay = since.toISOString().slice(0, 10);
  // `text` is the entry in English (the API exports it); `args` holds what a card words in
  // the reader's language (cards/timeline-words.ts): an alert's summary_args, a renewal
  // event's days, a band change's bands. People's own words (touches, notes) need none.
  const { rows } = await sql<TimelineItem & { total: string | number }>`
    with entries as (
      select at, kind, text, coalesce(author, logged_by) as by, link, null::jsonb as args, 1 as o
        from touchpoints
        where account_id = ${accountId} and at >= ${since}
      union all
      select fired_at, 'alert', summary, null, null, summary_args, 2 from alerts
        where account_id = ${accountId} and fired_at >= ${since}
      union all
      select e.at,
        case e.action when 'note' then 'alert-note' when 'ack' then 'alert-ack' end,
        case e.action when 'note' then coalesce(e.details->>'text', '') else a.summary end,
        coalesce(e.details->>'name', e.actor), null,
        case e.action when 'note' then null else a.summary_args end, 3
        from alert_events e join alerts a on a.id = e.alert_id
        where a.account_id = ${accountId} and e.at >= ${since} and e.action in ('note', 'ack')
      union all
      select resolved_at, 'alert-resolved', summary, resolved_by, null, summary_args, 4 from alerts
        where account_id = ${accountId} and resolved_at >= ${since}
      union all
      select created_at, 'follow-up', title || coalesce(' (due ' || due_on::text || ')', ''),
        created_by, null,
        case when due_on is not null
          then jsonb_build_object('title', title, 'due', due_on::text) end, 5
        from follow_ups
        where account_id = ${accountId} and created_at >= ${since}
      union all
      select done_at, 'follow-up-done', title, done_by, null, null, 6 from follow_ups
        where account_id = ${accountId} and done_at >= ${since}
      union all
      select l.opened_at, 'loop',
        upper(s.kind) || ' ' || s.score || coalesce(': ' || s.comment, ''), s.respondent, null,
        null, 7
        from survey_loops l join survey_answers s on s.id = l.survey_answer_id
        where l.account_id = ${accountId} and l.opened_at >= ${since}
      union all
      select closed_at, 'loop-closed', replace(outcome, '_', ' ') || coalesce(': ' || note, ''),
        closed_by, null,
        case when outcome is not null
          then jsonb_build_object('outcome', outcome, 'note', note) end, 8
        from survey_loops
        where account_id = ${accountId} and closed_at >= ${since}
      union all
      select at, 'renewal',
        case kind
          when 'reminder' then 'Renews ' || renewal_date::text || ' (' || window_days || '-day reminder)'
          when 'renewed' then 'Renewed; next renewal ' || coalesce(new_renewal_date::text, '?')
          when 'churned' then 'Marked churned (renewal ' || renewal_date::text || ')'
          when 'snoozed' then 'Renewal reminder snoozed (renewal ' || renewal_date::text || ')'
          when 'plan_started' then 'Renewal plan started (renewal ' || renewal_date::text || ')'
          else kind
        end,
        actor, null,
        jsonb_build_object('event', kind, 'renewal', renewal_date::text, 'window', window_days,
          'next', new_renewal_date::text), 9
        from renewal_events
        where account_id = ${accountId} and at >= ${since}
      union all
      select (day::timestamp at time zone 'UTC'), 'band', prev || ' → ' || band || ' (score ' || coalesce(score::text, '—') || ')',
        null, null, jsonb_build_object('from', prev, 'to', band, 'score', score), 10
        from (
          select day, band, score, lag(band) over (order by day) as prev from health_snapshots
          where account_id = ${accountId} and day >= ${sinceDay}::date - 1
        ) b
        where prev is not null and band is not null and band <> prev and day >= ${sinceDay}::date
    )
    select at, kind, text, by, link, args, count(*) over () as total from entries
    order by at desc, o desc
    limit ${limit} offset ${offset}`.execute(db);
  const total = rows[0] ? Number(rows[0].total) : offset === 0 ? 0 : await countOnly();
  return {
    items: rows.map(({ total: _t, ...r }) => ({ ...r, at: new Date(r.at) })),
    total,
  };

  // Past the last page: count without rows (rare; only the API pages).
  async function countOnly(): Promise<number> {
    const page = await accountTimeline(db, accountId, since, 1, 0);
    return page.total;
  }
}
