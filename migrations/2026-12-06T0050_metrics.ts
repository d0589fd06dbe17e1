import { type Kysely, sql } from 'kysely';

// Frozen once landed. Team metrics (issue 14):
// - account_arr_changes keeps every ARR an account has had and since when, so gross and net
//   revenue retention can read an account's ARR at the start and the end of any period
//   (accounts.arr is only today's). Existing accounts start with their current ARR as of
//   their creation: the best that is known.
// - survey_loops is the closed loop on a detractor or low-CSAT answer: one loop per answer,
//   with its clock (due_at), the escalation (once) and the outcome with its note.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_arr_changes')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('arr', sql`numeric(14,2)`)
    .execute();
  // "ARR at instant T" is the latest row at or before T.
  await db.schema
    .createIndex('account_arr_changes_account_at')
    .on('account_arr_changes')
    .columns(['account_id', 'at'])
    .execute();
  await sql`insert into account_arr_changes (account_id, at, arr)
    select id, created_at, arr from accounts`.execute(db);

  await db.schema
    .createTable('survey_loops')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('survey_answer_id', 'bigint', (c) =>
      c.notNull().unique().references('survey_answers.id').onDelete('cascade'),
    )
    .addColumn('reason', 'text', (c) =>
      c.notNull().check(sql`reason in ('detractor', 'low_csat', 'passive')`),
    )
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('outcome', 'text', (c) =>
      c.check(sql`outcome in ('contacted', 'resolved', 'recovered', 'unreachable', 'not_needed')`),
    )
    .addColumn('note', 'text')
    .addColumn('closed_by', 'text')
    .addCheckConstraint(
      'survey_loops_closed_has_outcome',
      sql`(closed_at is null) = (outcome is null)`,
    )
    .execute();
  await sql`create index survey_loops_open on survey_loops (due_at) where closed_at is null`.execute(
    db,
  );
  await db.schema
    .createIndex('survey_loops_account')
    .on('survey_loops')
    .columns(['account_id', 'due_at'])
    .execute();
  // Metrics read alerts by when they fired and by who owns the account.
  await db.schema.createIndex('alerts_fired_at').on('alerts').column('fired_at').execute();
  await db.schema
    .createIndex('renewal_events_outcomes')
    .on('renewal_events')
    .columns(['at'])
    .where(sql.ref('kind'), 'in', ['renewed', 'churned'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('renewal_events_outcomes').ifExists().execute();
  await db.schema.dropIndex('alerts_fired_at').ifExists().execute();
  await db.schema.dropTable('survey_loops').ifExists().execute();
  await db.schema.dropTable('account_arr_changes').ifExists().execute();
}
