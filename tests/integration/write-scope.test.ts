import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { newWriteScope, runInWriteScope } from '../../src/db/write-scope';
import { describeEachDatabase } from '../helpers/database';
import { insertAccount } from '../helpers/fixtures';

/** What the audit's write tracker sees in a piece of work: the tables it wrote. */
describeEachDatabase('write scope: which tables a request wrote', (get) => {
  const tablesOf = async (work: () => Promise<unknown>) => {
    const scope = newWriteScope();
    await runInWriteScope(scope, work);
    return [...scope.tables].sort();
  };

  it('sees builder and raw writes, CTEs included; reads, locks and caches are not writes', async () => {
    const db = get().db;
    const id = await insertAccount(db, { external_id: 'w', name: 'W' });
    expect(
      await tablesOf(async () => {
        await db.selectFrom('accounts').selectAll().execute();
        await sql`select * from accounts where id = ${id} for update skip locked`.execute(db);
        await sql`select * from accounts for no key update`.execute(db);
        await db
          .insertInto('chat_users')
          .values({ platform: 'slack', user_id: 'U1', email: null, display_name: null })
          .execute();
      }),
    ).toEqual([]);
    expect(
      await tablesOf(async () => {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('usage_daily')
            .values({ account_id: id, day: '2026-11-01', active_users: 1, logins: 1 })
            .onConflict((oc) => oc.columns(['account_id', 'day']).doUpdateSet({ logins: 2 }))
            .execute();
          await sql`with gone as (delete from ${sql.table('tickets')} where account_id = ${id} returning 1)
            select count(*) from gone`.execute(trx);
          await trx.updateTable('accounts').set({ name: 'W2' }).where('id', '=', id).execute();
        });
      }),
    ).toEqual(['accounts', 'tickets', 'usage_daily']);
    // Outside a scope nothing is tracked (jobs, start-up).
    const idle = newWriteScope();
    await db.updateTable('accounts').set({ name: 'W3' }).where('id', '=', id).execute();
    expect([...idle.tables]).toEqual([]);
  });
});
