import { type Kysely, sql } from 'kysely';

// Frozen once landed. Issue 15, items 3 and 5:
// - playbook_runs: a playbook started for an account. The steps are copied in at the version it
//   started from, so editing the settings never changes a running one. One run per (playbook,
//   account, occurrence): the occurrence key says which event started it (an alert id, a
//   renewal date, a band change's day, a loop id, a command's request key), and the unique key
//   with ON CONFLICT DO NOTHING makes every start idempotent, on any number of replicas at once.
// - playbook_steps: the run's checklist; a tick records who and when.
// - opportunities: "Create opportunity" on an expansion card, once per alert.
// Runs and steps feed the account card ("Onboarding 2/5"), so they notify its cache like the
// other card tables (migration 0060's functions).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('playbook_runs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('playbook', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('occurrence', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addUniqueConstraint('playbook_runs_once', ['playbook', 'account_id', 'occurrence'])
    .execute();
  await sql`create index playbook_runs_account on playbook_runs (account_id)
    where completed_at is null`.execute(db);

  await db.schema
    .createTable('playbook_steps')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('run_id', 'bigint', (c) =>
      c.notNull().references('playbook_runs.id').onDelete('cascade'),
    )
    // Denormalised for the card-cache trigger and purge.
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_email', 'text')
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'text')
    .addUniqueConstraint('playbook_steps_position', ['run_id', 'position'])
    .execute();

  await db.schema
    .createTable('opportunities')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) =>
      c.notNull().references('accounts.id').onDelete('cascade'),
    )
    .addColumn('alert_id', 'bigint', (c) =>
      c.notNull().unique().references('alerts.id').onDelete('cascade'),
    )
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('potential_arr', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  for (const table of ['playbook_runs', 'playbook_steps']) {
    for (const [op, rows] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['delete', 'old'],
    ] as const) {
      await sql
        .raw(`create trigger ${table}_card_${op} after ${op} on ${table}
          referencing ${rows} table as changed for each statement
          execute function tend_notify_card_by_account_id()`)
        .execute(db);
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('opportunities').ifExists().execute();
  await db.schema.dropTable('playbook_steps').ifExists().execute();
  await db.schema.dropTable('playbook_runs').ifExists().execute();
}
