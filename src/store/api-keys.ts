import type { Db } from '../db/schema';
import type { ApiKeyRole } from '../db/tables/operations';

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  role: ApiKeyRole;
}

const INFO = ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at', 'role'] as const;

export async function insertApiKey(
  db: Db,
  key: { name: string; prefix: string; hash: string; role: ApiKeyRole },
): Promise<ApiKeyInfo> {
  return db.insertInto('api_keys').values(key).returning(INFO).executeTakeFirstOrThrow();
}

export async function listApiKeys(db: Db): Promise<ApiKeyInfo[]> {
  return db.selectFrom('api_keys').select(INFO).orderBy('id').execute();
}

export async function activeKeysNamed(db: Db, name: string): Promise<ApiKeyInfo[]> {
  return db
    .selectFrom('api_keys')
    .select(INFO)
    .where('name', '=', name)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function findApiKey(db: Db, id: number): Promise<ApiKeyInfo | undefined> {
  return db.selectFrom('api_keys').select(INFO).where('id', '=', id).executeTakeFirst();
}

/** The live key with this hash, if any. */
export async function activeKeyByHash(db: Db, hash: string): Promise<ApiKeyInfo | undefined> {
  return db
    .selectFrom('api_keys')
    .select(INFO)
    .where('hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function revokeApiKeyById(db: Db, id: number, at: Date): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Records use at most once a minute: a busy key must not turn every request into a write. */
export async function touchApiKey(db: Db, id: number, at: Date): Promise<void> {
  const minuteAgo = new Date(at.getTime() - 60_000);
  await db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', minuteAgo)]))
    .execute();
}
