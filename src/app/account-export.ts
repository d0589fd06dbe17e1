import { sql } from 'kysely';
import { oneAccountOrRefuse } from './account-lookup';
import type { AppContext } from './context';

export interface AccountExport {
  account: Record<string, unknown>;
  generatedAt: string;
  /** Every row of every table with this account's account_id, by table; alert events too. */
  records: Record<string, Record<string, unknown>[]>;
}

/**
 * Everything Tend holds about one account, as one JSON document: the account row and the rows
 * of every table that has an account_id column (read from the catalog, so a new table is
 * included), plus the history of its alerts. What `purge-account --export` hands over before
 * deleting, in one repeatable-read snapshot.
 */
export async function exportAccount(ctx: AppContext, query: string): Promise<AccountExport> {
  const { id } = await oneAccountOrRefuse(ctx, query, {
    several: 'export.several',
    none: 'export.none',
  });
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const { rows: tables } = await sql<{ table_name: string }>`
        select c.table_name from information_schema.columns c
        join information_schema.tables t
          on t.table_name = c.table_name and t.table_schema = c.table_schema
        where c.column_name = 'account_id' and c.table_schema = current_schema()
          and t.table_type = 'BASE TABLE'
        order by 1`.execute(trx);
      const records: Record<string, Record<string, unknown>[]> = {};
      for (const { table_name: table } of tables) {
        const { rows } = await sql<Record<string, unknown>>`
          select * from ${sql.table(table)} where account_id = ${id}`.execute(trx);
        if (rows.length > 0) records[table] = rows;
      }
      const events = await trx
        .selectFrom('alert_events')
        .selectAll('alert_events')
        .innerJoin('alerts', 'alerts.id', 'alert_events.alert_id')
        .where('alerts.account_id', '=', id)
        .execute();
      if (events.length > 0) records.alert_events = events;
      const account = await trx
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return { account, generatedAt: ctx.clock.now().toISOString(), records };
    });
}
