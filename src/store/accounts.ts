import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { Account } from '../db/tables/accounts';

export async function getAccount(db: Db, id: number): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Exact matches on external id, name or domain (case-blind): a query that names one account. */
export async function findExact(db: Db, query: string): Promise<Account[]> {
  const q = query.trim().toLowerCase();
  return db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('external_id', '=', query.trim()),
        eb(sql`lower(name)`, '=', q),
        eb(sql`lower(domain)`, '=', q),
      ]),
    )
    .orderBy('name')
    .limit(20)
    .execute();
}

/** Names or domains starting with the query, then containing it; at most `limit`. */
export async function findPartial(db: Db, query: string, limit: number): Promise<Account[]> {
  const q = query
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb(sql`lower(name)`, 'like', `${q}%`),
        eb(sql`lower(name)`, 'like', `%${q}%`),
        eb(sql`lower(domain)`, 'like', `${q}%`),
      ]),
    )
    .orderBy(sql`lower(name) like ${`${q}%`}`, 'desc')
    .orderBy('name')
    .limit(limit)
    .execute();
}

export interface AccountName {
  id: number;
  name: string;
  domain: string | null;
  external_id: string;
}

/** Every account's name, for "did you mean" when nothing matched. */
export async function allAccountNames(db: Db): Promise<AccountName[]> {
  return db.selectFrom('accounts').select(['id', 'name', 'domain', 'external_id']).execute();
}

export async function accountsOwnedBy(db: Db, email: string): Promise<Account[]> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where(sql`lower(owner_email)`, '=', email.toLowerCase())
    .where('status', '=', 'active')
    .execute();
}
