import { sql } from 'kysely';
import type { DB } from '../../src/db/schema';

export interface BrokenAudit {
  /** How many audit inserts were refused so far (a sequence: it counts across rollbacks). */
  refusals(): Promise<number>;
  undo(): Promise<void>;
}

/** Makes every audit insert fail, as a broken chain would, until `undo`. */
export async function breakAuditInserts(db: DB): Promise<BrokenAudit> {
  await sql`create sequence if not exists tend_test_audit_refusals`.execute(db);
  await sql`create or replace function tend_test_refuse_audit() returns trigger
    language plpgsql as $$ begin
      perform nextval('tend_test_audit_refusals');
      raise exception 'audit insert refused (test)';
    end $$`.execute(db);
  await sql`create trigger tend_test_refuse_audit before insert on audit_log
    for each row execute function tend_test_refuse_audit()`.execute(db);
  const start = await count(db);
  return {
    refusals: async () => (await count(db)) - start,
    undo: async () => {
      await sql`drop trigger tend_test_refuse_audit on audit_log`.execute(db);
    },
  };
}

async function count(db: DB): Promise<number> {
  const { rows } = await sql<{ n: string; called: boolean }>`
    select last_value as n, is_called as called from tend_test_audit_refusals`.execute(db);
  const row = rows[0];
  return row?.called ? Number(row.n) : 0;
}
