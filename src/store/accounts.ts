import type { Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database, Db } from '../db/schema';
import type { Account } from '../db/tables/accounts';
import { TendError } from '../errors';

export async function getAccount(db: Db, id: number): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Exact matches on external id, name or domain (case-blind): a query that names one account. */
/**
 * The account, locked for the rest of the transaction (FOR UPDATE): two clicks on one
 * account's reminder take turns. Throws account_not_found when it is gone.
 */
export async function lockAccount(trx: Transaction<Database>, id: number): Promise<Account> {
  const account = await trx
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!account) throw new TendError('account_not_found', `account ${id} does not exist`);
  return account;
}

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

/**
 * Account owners whose e-mail starts with `handle@` (`@jane` → jane@tend.example), for
 * filters typed as a handle rather than a mention Slack resolved.
 */
export async function ownersByHandle(db: Db, handle: string): Promise<string[]> {
  const { rows } = await sql<{ email: string }>`
    select distinct lower(owner_email) as email from accounts
    where lower(split_part(owner_email, '@', 1)) = ${handle.toLowerCase()}
    order by 1`.execute(db);
  return rows.map((r) => r.email);
}

/**
 * How many active accounts a subscription's filters match now, and the segments and tiers in
 * use (to say what would match when nothing does).
 */
export async function filterReach(
  db: Db,
  f: { segment?: string; tier?: string; owner?: string; minArr?: number },
): Promise<{ matching: number; segments: string[]; tiers: string[] }> {
  const { rows } = await sql<{
    matching: number;
    segments: string[] | null;
    tiers: string[] | null;
  }>`
    select
      count(*) filter (where
        (${f.segment ?? null}::text is null or lower(segment) = lower(${f.segment ?? null}::text))
        and (${f.tier ?? null}::text is null or lower(tier) = lower(${f.tier ?? null}::text))
        and (${f.owner ?? null}::text is null or lower(owner_email) = lower(${f.owner ?? null}::text))
        and (${f.minArr ?? null}::numeric is null or coalesce(arr, 0) >= ${f.minArr ?? null}::numeric)
      )::int as matching,
      array_agg(distinct lower(segment)) filter (where segment is not null) as segments,
      array_agg(distinct lower(tier)) filter (where tier is not null) as tiers
    from accounts where status = 'active'`.execute(db);
  const r = rows[0];
  return { matching: r?.matching ?? 0, segments: r?.segments ?? [], tiers: r?.tiers ?? [] };
}

/** The account owners' e-mails, the owner of the first account loaded first. */
export async function accountOwnerEmails(db: Db, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('owner_email')
    .where('owner_email', 'is not', null)
    .groupBy('owner_email')
    .orderBy((eb) => eb.fn.min('id'))
    .limit(limit)
    .execute();
  return rows.map((r) => r.owner_email).filter((e): e is string => Boolean(e));
}

/** The account with this external id (the API names accounts by it), or undefined. */
export async function findByExternalId(db: Db, externalId: string): Promise<Account | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}
