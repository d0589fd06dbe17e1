import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRole } from '../db/tables/operations';
import {
  type ApiKeyInfo,
  activeKeyByHash,
  activeKeysNamed,
  findApiKey,
  insertApiKey,
  listApiKeys as listKeys,
  revokeApiKeyById,
  touchApiKey,
} from '../store/api-keys';
import { appendAudit } from '../store/audit-log';
import type { AppContext } from './context';
import { userError } from './user-error';

export type { ApiKeyInfo, ApiKeyRole };

const KEY_PREFIX = 'tend_';
const NAME = /^[\w.@-]{1,64}$/;

// 32 random bytes make guessing hopeless, so a fast sha256 is enough to store them: a slow
// password hash only helps against low-entropy secrets.
function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Creates a key; the secret is returned once and only its hash is kept. */
export async function createApiKey(
  ctx: AppContext,
  name: string,
  role: ApiKeyRole = 'ingest',
): Promise<{ key: string; info: ApiKeyInfo }> {
  if (!NAME.test(name)) {
    throw userError('bad_key_name', 'apiKey.badName', {}, 2);
  }
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const info = await ctx.db.transaction().execute(async (trx) => {
    if ((await activeKeysNamed(trx, name)).length > 0) {
      throw userError('key_exists', 'apiKey.exists', { name });
    }
    const created = await insertApiKey(trx, {
      name,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      hash: hashKey(key),
      role,
    });
    await appendAudit(
      trx,
      { actor: 'cli', action: 'api_key.create', subject: name, origin: 'cli', details: { role } },
      ctx.clock.now(),
    );
    return created;
  });
  return { key, info };
}

/** Revokes by id (digits) or by the name of an active key. */
export async function revokeApiKey(ctx: AppContext, idOrName: string): Promise<ApiKeyInfo> {
  return ctx.db.transaction().execute(async (trx) => {
    const key = /^\d+$/.test(idOrName)
      ? await findApiKey(trx, Number(idOrName))
      : (await activeKeysNamed(trx, idOrName))[0];
    if (!key) throw userError('unknown_key', 'apiKey.unknown', { name: idOrName });
    if (key.revoked_at) throw userError('key_revoked', 'apiKey.alreadyRevoked', { id: key.id });
    const at = ctx.clock.now();
    await revokeApiKeyById(trx, key.id, at);
    await appendAudit(
      trx,
      { actor: 'cli', action: 'api_key.revoke', subject: key.name, origin: 'cli' },
      at,
    );
    return { ...key, revoked_at: at };
  });
}

export function listApiKeys(ctx: AppContext): Promise<ApiKeyInfo[]> {
  return listKeys(ctx.db);
}

/** The live key a bearer token stands for, or null: missing, malformed, unknown or revoked. */
export async function authenticateApiKey(
  ctx: AppContext,
  authorization: string | undefined,
): Promise<ApiKeyInfo | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return liveKey(ctx, match?.[1]);
}

/**
 * A key sent as Segment's and RudderStack's libraries send their write key: HTTP basic auth
 * with the key as the user name (the password is empty and ignored). A bearer token works too.
 */
export async function authenticateWriteKey(
  ctx: AppContext,
  authorization: string | undefined,
): Promise<ApiKeyInfo | null> {
  const basic = /^Basic\s+([A-Za-z0-9+/=]{1,400})\s*$/i.exec(authorization ?? '');
  if (!basic) return authenticateApiKey(ctx, authorization);
  const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return liveKey(ctx, colon === -1 ? decoded : decoded.slice(0, colon));
}

async function liveKey(ctx: AppContext, key: string | undefined): Promise<ApiKeyInfo | null> {
  if (!key?.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const found = await activeKeyByHash(ctx.db, hashKey(key));
  if (found) await touchApiKey(ctx.db, found.id, ctx.clock.now());
  return found ?? null;
}
