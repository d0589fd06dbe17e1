import { type Kysely, sql } from 'kysely';

// Frozen once landed. Success plans (issue 15, item 4): an account's goals (outcome, measure,
// target date) and milestones (title, due day, owner, status), and every change made to them
// (who, when, from where), kept append-only beside the rows.
//
// A milestone is also a follow-up: each one has a linked follow_ups row (same title, owner and
// due day), open while the milestone is planned or in progress. So a milestone past its due day
// is a follow-up due everywhere follow-ups are read (the account card, /followups, App Home,
// the digest's overdue section, the metrics), with no second query to keep in step.
//
// The account card shows the plan's progress: tend_account_plan() gives it as JSON in the same
// round trip as tend_account_card(), and writes to plan_milestones notify the card cache the
// way writes to the card's other tables do (migration 0060).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('plan_goals')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('measure', 'text')
    .addColumn('target_on', 'date')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    // A retried form submission adds one goal.
    .addColumn('request_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('plan_goals_account').on('plan_goals').column('account_id').execute();

  await db.schema
    .createTable('plan_milestones')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('owner_email', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('planned')
        .check(sql`status in ('planned', 'in_progress', 'done', 'missed')`),
    )
    .addColumn('follow_up_id', 'bigint', (c) => c.references('follow_ups.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('request_key', 'text', (c) => c.unique())
    .execute();
  await db.schema
    .createIndex('plan_milestones_account')
    .on('plan_milestones')
    .columns(['account_id', 'due_on'])
    .execute();
  await db.schema
    .createIndex('plan_milestones_follow_up')
    .on('plan_milestones')
    .column('follow_up_id')
    .unique()
    .execute();

  await db.schema
    .createTable('plan_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('subject', 'text', (c) => c.notNull().check(sql`subject in ('goal', 'milestone')`))
    .addColumn('subject_id', 'bigint', (c) => c.notNull())
    // added, edited, status
    .addColumn('change', 'text', (c) => c.notNull())
    // What changed: the fields with their new values (and the old status for a status change).
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    // A retried edit records one change.
    .addColumn('request_key', 'text', (c) => c.unique())
    .execute();
  await db.schema
    .createIndex('plan_changes_account')
    .on('plan_changes')
    .columns(['account_id', 'at'])
    .execute();

  await sql`
    create or replace function tend_account_plan(p_account bigint)
    returns json language plpgsql stable as $fn$
    begin
      -- No "overdue" here: the card cache keeps this across midnight, so the caller counts the
      -- open milestones' due days against its own today.
      return (
        select case when count(*) = 0 then null else json_build_object(
          'total', count(*),
          'done', count(*) filter (where status = 'done'),
          'openDue', coalesce(json_agg(due_on order by due_on)
            filter (where status in ('planned', 'in_progress')), '[]'),
          'next', (
            select json_build_object('title', n.title, 'due', n.due_on, 'owner', n.owner_email)
            from plan_milestones n
            where n.account_id = p_account and n.status in ('planned', 'in_progress')
            order by n.due_on, n.id limit 1)
        ) end
        from plan_milestones where account_id = p_account
      );
    end
    $fn$`.execute(db);

  for (const [op, rows] of [
    ['insert', 'new'],
    ['update', 'new'],
    ['delete', 'old'],
  ] as const) {
    await sql
      .raw(`create trigger plan_milestones_card_${op} after ${op} on plan_milestones
        referencing ${rows} table as changed for each statement
        execute function tend_notify_card_by_account_id()`)
      .execute(db);
  }
  await sql
    .raw(`create trigger plan_milestones_card_truncate after truncate on plan_milestones
      for each statement execute function tend_notify_card_by_account_id()`)
    .execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists tend_account_plan(bigint)`.execute(db);
  await db.schema.dropTable('plan_changes').ifExists().execute();
  await db.schema.dropTable('plan_milestones').ifExists().execute();
  await db.schema.dropTable('plan_goals').ifExists().execute();
}
