import { sql } from 'kysely';
import { appendAudit } from '../store/audit-log';
import { oneAccountOrRefuse } from './account-lookup';
import type { AppContext } from './context';

export interface PurgeReport {
  externalId: string;
  name: string;
  deleted: Record<string, number>;
}

/**
 * Deletes every record of one account (privacy requests) and notes in the audit log that it
 * did — by external id and counts only, since the point is to forget the rest. One
 * transaction: all of it goes, or nothing does.
 */
export async function purgeAccount(
  ctx: AppContext,
  query: string,
  actor: string,
): Promise<PurgeReport> {
  const account = await oneAccountOrRefuse(ctx, query, {
    several: 'purge.refusedSeveral',
    none: 'purge.refusedNone',
  });
  return ctx.db.transaction().execute(async (trx) => {
    const deleted: Record<string, number> = {};
    for (const table of [
      'usage_daily',
      'tickets',
      'survey_answers',
      'health_snapshots',
      'follow_ups',
      'renewal_events',
      'alerts',
    ] as const) {
      const { rows } = await sql<{ n: number }>`
        with gone as (delete from ${sql.table(table)} where account_id = ${account.id} returning 1)
        select count(*) as n from gone`.execute(trx);
      deleted[table] = rows[0]?.n ?? 0;
    }
    // Every message about the account, sent or not: its card names the account. Rows carry
    // account_id, so this is exact (no pattern over JSON that could hit account 123 for 12).
    const outbox = await sql<{ n: number }>`
      with gone as (delete from outbox where account_id = ${account.id} returning 1)
      select count(*) as n from gone`.execute(trx);
    deleted.outbox = outbox.rows[0]?.n ?? 0;
    await trx.deleteFrom('accounts').where('id', '=', account.id).execute();
    await appendAudit(
      trx,
      { actor, action: 'account.purge', subject: account.external_id, details: { deleted } },
      ctx.clock.now(),
    );
    return { externalId: account.external_id, name: account.name, deleted };
  });
}
