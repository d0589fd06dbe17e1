import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { ReviewKind, TimelineEntry } from '../domain/reviews';

/**
 * What happened on an account since `since`, from its record: alerts fired and resolved, survey
 * loops opened and closed (with their notes), follow-ups logged and done. One statement.
 */
export async function timelineRows(
  db: Db,
  accountId: number,
  since: Date,
): Promise<TimelineEntry[]> {
  // `text` is the English line as reviews always stored it; `args` (and `by`) what a reader's
  // card words in their language (cards/review-words.ts reviewEntryText).
  const { rows } = await sql<TimelineEntry>`
    select fired_at as at, 'alert' as kind, summary as text, summary_args as args,
        null::text as by
      from alerts where account_id = ${accountId} and fired_at >= ${since}
    union all
    select resolved_at, 'alert-resolved', 'Resolved: ' || summary || coalesce(' (' || resolved_by || ')', ''),
        summary_args, resolved_by
      from alerts where account_id = ${accountId} and resolved_at >= ${since}
    union all
    select l.opened_at, 'loop', upper(s.kind) || ' ' || s.score || coalesce(': ' || s.comment, ''),
        null, null
      from survey_loops l join survey_answers s on s.id = l.survey_answer_id
      where l.account_id = ${accountId} and l.opened_at >= ${since}
    union all
    select closed_at, 'loop-closed', 'Loop ' || replace(outcome, '_', ' ') || coalesce(': ' || note, ''),
        jsonb_build_object('outcome', outcome, 'note', note), null
      from survey_loops where account_id = ${accountId} and closed_at >= ${since}
    union all
    select created_at, 'follow-up', 'Follow-up: ' || title, jsonb_build_object('title', title), null
      from follow_ups where account_id = ${accountId} and created_at >= ${since}
    union all
    select done_at, 'follow-up-done', 'Done: ' || title, jsonb_build_object('title', title), null
      from follow_ups where account_id = ${accountId} and done_at >= ${since}`.execute(db);
  return rows;
}

export interface NewReview {
  accountId: number;
  kind: ReviewKind;
  reason: string;
  learned: string | null;
  timeline: TimelineEntry[];
  createdBy: string;
  at: Date;
  requestKey: string;
}

/** Stores a review; a repeated request key stores nothing and returns null. */
export async function insertReview(db: Db, r: NewReview): Promise<{ id: number } | null> {
  const row = await db
    .insertInto('account_reviews')
    .values({
      account_id: r.accountId,
      kind: r.kind,
      reason: r.reason,
      learned: r.learned,
      timeline: JSON.stringify(r.timeline),
      created_by: r.createdBy,
      created_at: r.at,
      request_key: r.requestKey,
    })
    .onConflict((c) => c.column('request_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ?? null;
}
