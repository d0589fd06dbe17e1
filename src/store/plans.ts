import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { MilestoneStatus, PlanChange, PlanGoal, PlanMilestone } from '../db/tables/plans';

export interface StoredPlan {
  goals: PlanGoal[];
  milestones: PlanMilestone[];
  /** The latest change, for the card's "last changed by … on …". */
  lastChange: PlanChange | null;
}

/** An account's goals (by target day) and milestones (by due day), and its latest change. */
export async function planOf(db: Db, accountId: number): Promise<StoredPlan> {
  const [goals, milestones, lastChange] = await Promise.all([
    db
      .selectFrom('plan_goals')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy(sql`target_on asc nulls last`)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('plan_milestones')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('due_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('plan_changes')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return { goals, milestones, lastChange: lastChange ?? null };
}

export async function planChanges(db: Db, accountId: number): Promise<PlanChange[]> {
  return db
    .selectFrom('plan_changes')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export async function getGoal(db: Db, id: number): Promise<PlanGoal | undefined> {
  return db.selectFrom('plan_goals').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getMilestone(db: Db, id: number): Promise<PlanMilestone | undefined> {
  return db.selectFrom('plan_milestones').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the account's row: adds to one plan are counted against its caps one at a time. */
export async function lockPlan(db: Db, accountId: number): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

export async function countPlan(
  db: Db,
  accountId: number,
): Promise<{ goals: number; milestones: number }> {
  const { rows } = await sql<{ goals: number; milestones: number }>`
    select (select count(*)::int from plan_goals where account_id = ${accountId}) as goals,
      (select count(*)::int from plan_milestones where account_id = ${accountId}) as milestones`.execute(
    db,
  );
  return rows[0] ?? { goals: 0, milestones: 0 };
}

export interface GoalFields {
  outcome: string;
  measure: string | null;
  targetOn: string | null;
}

/** Inserts once per request key; null when a goal with that key exists (a retry). */
export async function insertGoal(
  db: Db,
  accountId: number,
  g: GoalFields,
  by: string,
  at: Date,
  requestKey: string,
): Promise<PlanGoal | null> {
  const row = await db
    .insertInto('plan_goals')
    .values({
      account_id: accountId,
      outcome: g.outcome,
      measure: g.measure,
      target_on: g.targetOn,
      created_by: by,
      created_at: at,
      updated_by: by,
      updated_at: at,
      request_key: requestKey,
    })
    .onConflict((oc) => oc.column('request_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function updateGoal(
  db: Db,
  id: number,
  g: GoalFields,
  by: string,
  at: Date,
): Promise<PlanGoal | undefined> {
  return db
    .updateTable('plan_goals')
    .set({
      outcome: g.outcome,
      measure: g.measure,
      target_on: g.targetOn,
      updated_by: by,
      updated_at: at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export interface MilestoneFields {
  title: string;
  dueOn: string;
  ownerEmail: string | null;
  status: MilestoneStatus;
}

export async function insertMilestone(
  db: Db,
  accountId: number,
  m: MilestoneFields,
  by: string,
  at: Date,
  requestKey: string,
): Promise<PlanMilestone | null> {
  const row = await db
    .insertInto('plan_milestones')
    .values({
      account_id: accountId,
      title: m.title,
      due_on: m.dueOn,
      owner_email: m.ownerEmail,
      status: m.status,
      created_by: by,
      created_at: at,
      updated_by: by,
      updated_at: at,
      request_key: requestKey,
    })
    .onConflict((oc) => oc.column('request_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function updateMilestone(
  db: Db,
  id: number,
  m: Partial<MilestoneFields> & { followUpId?: number | null },
  by: string,
  at: Date,
): Promise<PlanMilestone | undefined> {
  return db
    .updateTable('plan_milestones')
    .set({
      ...(m.title !== undefined ? { title: m.title } : {}),
      ...(m.dueOn !== undefined ? { due_on: m.dueOn } : {}),
      ...(m.ownerEmail !== undefined ? { owner_email: m.ownerEmail } : {}),
      ...(m.status !== undefined ? { status: m.status } : {}),
      ...(m.followUpId !== undefined ? { follow_up_id: m.followUpId } : {}),
      updated_by: by,
      updated_at: at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function milestoneOfFollowUp(
  db: Db,
  followUpId: number,
): Promise<PlanMilestone | undefined> {
  return db
    .selectFrom('plan_milestones')
    .selectAll()
    .where('follow_up_id', '=', followUpId)
    .executeTakeFirst();
}

/** The linked follow-up follows the milestone: its title, owner, day, and open or done. */
export async function syncLinkedFollowUp(
  db: Db,
  followUpId: number,
  f: { title: string; ownerEmail: string | null; dueOn: string; open: boolean },
  by: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('follow_ups')
    .set({
      title: f.title,
      owner_email: f.ownerEmail,
      due_on: f.dueOn,
      ...(f.open
        ? { status: 'open', done_at: null, done_by: null }
        : {
            status: 'done',
            // The first close keeps its who and when.
            done_at: sql<Date>`coalesce(done_at, ${at})`,
            done_by: sql<string>`coalesce(done_by, ${by})`,
          }),
    })
    .where('id', '=', followUpId)
    .execute();
}

export interface NewPlanChange {
  accountId: number;
  subject: 'goal' | 'milestone';
  subjectId: number;
  change: 'added' | 'edited' | 'status';
  details: Record<string, unknown>;
  by: string;
  source: string;
  at: Date;
  requestKey: string | null;
}

/** Appends one change; false when a change with the same request key is already there. */
export async function recordPlanChange(db: Db, c: NewPlanChange): Promise<boolean> {
  const row = await db
    .insertInto('plan_changes')
    .values({
      account_id: c.accountId,
      subject: c.subject,
      subject_id: c.subjectId,
      change: c.change,
      details: JSON.stringify(c.details),
      by: c.by,
      source: c.source,
      at: c.at,
      request_key: c.requestKey,
    })
    .onConflict((oc) => oc.column('request_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function changeExists(db: Db, requestKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('plan_changes')
    .select('id')
    .where('request_key', '=', requestKey)
    .executeTakeFirst();
  return row !== undefined;
}
