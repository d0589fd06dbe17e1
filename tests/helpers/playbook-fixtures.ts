import type { DB } from '../../src/db/schema';

/** A running playbook with two open steps, as the job would have started it; its step ids. */
export async function insertPlaybookRun(db: DB, accountId: number): Promise<number[]> {
  const run = await db
    .insertInto('playbook_runs')
    .values({
      account_id: accountId,
      playbook: 'onboarding',
      version: 1,
      title: 'Onboarding',
      trigger: 'manual',
      occurrence: `fixture:${accountId}:${Math.random()}`,
      started_at: new Date('2026-11-23T09:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const steps = await db
    .insertInto('playbook_steps')
    .values(
      ['Kickoff call', 'Data set up'].map((title, i) => ({
        run_id: run.id,
        account_id: accountId,
        position: i + 1,
        title,
        owner_email: null,
        due_on: `2026-11-${23 + i * 7}`,
      })),
    )
    .returning('id')
    .execute();
  return steps.map((s) => s.id);
}

/** An open expansion alert (seats nearly all used). */
export async function insertExpansionAlert(db: DB, accountId: number): Promise<number> {
  const row = await db
    .insertInto('alerts')
    .values({
      account_id: accountId,
      rule: 'seats_high',
      severity: 'info',
      summary: 'at least 85% of 50 seats used every day for 14 days',
      fired_at: new Date('2026-11-23T09:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
