import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { AccountName } from './accounts';

/** What the lookup index holds per account: the names a person may type. */
export async function accountNamesByIds(
  db: Db,
  ids: readonly number[] | 'all',
): Promise<AccountName[]> {
  const only = ids === 'all' ? sql`` : sql`where id = any(${[...ids]}::bigint[])`;
  const { rows } = await sql<AccountName>`
    select id, name, domain, external_id from accounts ${only} order by id`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
