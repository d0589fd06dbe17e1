import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { LoopOutcome, SurveyLoop } from '../db/tables/metrics';

/** A loop with what its card shows: the answer and the account. */
export interface LoopView extends SurveyLoop {
  kind: 'nps' | 'csat';
  score: number;
  respondent: string | null;
  comment: string | null;
  answered_on: string;
  account_name: string;
  owner_email: string | null;
  arr: number | null;
  segment: string | null;
  tier: string | null;
  slack_channel: string | null;
  teams_channel: string | null;
}

const VIEW = sql`select l.*, s.kind, s.score, s.respondent, s.comment, s.answered_on,
    a.name as account_name, a.owner_email, a.arr, a.segment, a.tier, a.slack_channel,
    a.teams_channel
  from survey_loops l
  join survey_answers s on s.id = l.survey_answer_id
  join accounts a on a.id = l.account_id`;

export interface OpenLoopsInput {
  now: Date;
  /** Answers given on or after this day open loops; older ones are history. */
  sinceDay: string;
  /** When a detractor / low-CSAT loop opened now is due. */
  dueAt: Date;
  /** When a passive's loop opened now is due; null: passives open no loop. */
  passiveDueAt: Date | null;
  /** Only these accounts' answers (after an import); all when absent. */
  accountIds?: readonly number[];
}

/**
 * Opens a loop for every qualifying answer that has none, in one statement (the unique answer
 * id makes a second run, or two replicas at once, open each loop once). Returns the new ones.
 * The thresholds are those of domain/loops.ts loopReasonFor.
 */
export async function openLoops(db: Db, q: OpenLoopsInput): Promise<LoopView[]> {
  const accounts = q.accountIds
    ? sql`and s.account_id = any(${[...q.accountIds]}::bigint[])`
    : sql``;
  const { rows } = await sql<{ id: number }>`
    insert into survey_loops (account_id, survey_answer_id, reason, opened_at, due_at)
    select s.account_id, s.id, r.reason, ${q.now}::timestamptz,
      case when r.reason = 'passive' then ${q.passiveDueAt}::timestamptz else ${q.dueAt}::timestamptz end
    from survey_answers s
    join accounts a on a.id = s.account_id and a.status = 'active'
    cross join lateral (select case
        when s.kind = 'nps' and s.score <= 6 then 'detractor'
        when s.kind = 'csat' and s.score <= 2 then 'low_csat'
        when s.kind = 'nps' and s.score <= 8 and ${q.passiveDueAt !== null} then 'passive'
      end as reason) r
    where r.reason is not null and s.answered_on >= ${q.sinceDay}::date ${accounts}
    on conflict (survey_answer_id) do nothing
    returning id`.execute(db);
  return loopsById(
    db,
    rows.map((r) => r.id),
  );
}

export async function loopsById(db: Db, ids: readonly number[]): Promise<LoopView[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<LoopView>`${VIEW} where l.id = any(${[...ids]}::bigint[])
    order by l.id`.execute(db);
  return rows;
}

export async function getLoop(db: Db, id: number): Promise<LoopView | undefined> {
  return (await loopsById(db, [id]))[0];
}

/** Locks the loop row for the rest of the transaction. */
export async function lockLoop(db: Db, id: number): Promise<SurveyLoop | undefined> {
  return db
    .selectFrom('survey_loops')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Closes an open loop; null when it was already closed (the first outcome stands). */
export async function closeLoop(
  db: Db,
  id: number,
  c: { outcome: LoopOutcome; note: string; by: string; at: Date },
): Promise<SurveyLoop | null> {
  const row = await db
    .updateTable('survey_loops')
    .set({ outcome: c.outcome, note: c.note, closed_by: c.by, closed_at: c.at })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Open loops, overdue first then by clock; a person's (accounts they own) or everyone's. */
export async function openLoopsList(
  db: Db,
  ownerEmail: string | null,
  limit: number,
): Promise<{ rows: LoopView[]; total: number }> {
  const mine = ownerEmail ? sql`and lower(a.owner_email) = lower(${ownerEmail})` : sql``;
  const { rows } = await sql<LoopView & { total: number }>`
    select v.*, count(*) over ()::int as total from (${VIEW}
      where l.closed_at is null ${mine}) v
    order by v.due_at, v.id limit ${limit}`.execute(db);
  return { rows, total: rows[0]?.total ?? 0 };
}

/**
 * Marks open loops past their clock as escalated, once: the update and the message that says
 * so go in one transaction, and a loop already escalated is never picked again.
 */
export async function claimLoopEscalations(db: Db, now: Date): Promise<LoopView[]> {
  const { rows } = await sql<{ id: number }>`
    update survey_loops set escalated_at = ${now}
    where id in (select id from survey_loops
      where closed_at is null and escalated_at is null and due_at <= ${now}
      order by due_at for update skip locked limit 500)
    returning id`.execute(db);
  return loopsById(
    db,
    rows.map((r) => r.id),
  );
}
