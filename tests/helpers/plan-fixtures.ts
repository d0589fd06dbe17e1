import type { DB } from '../../src/db/schema';
import type { MilestoneStatus } from '../../src/db/tables/plans';

/** A milestone written straight to its table (no linked follow-up), for tests of the buttons. */
export async function insertMilestone(
  db: DB,
  accountId: number,
  over: { title?: string; dueOn?: string; status?: MilestoneStatus; owner?: string | null } = {},
): Promise<number> {
  const at = new Date('2026-11-20T09:00:00Z');
  const row = await db
    .insertInto('plan_milestones')
    .values({
      account_id: accountId,
      title: over.title ?? 'Admins trained',
      due_on: over.dueOn ?? '2026-12-15',
      owner_email: over.owner === undefined ? 'ann@tend.test' : over.owner,
      status: over.status ?? 'planned',
      created_by: 'seed',
      created_at: at,
      updated_by: 'seed',
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
