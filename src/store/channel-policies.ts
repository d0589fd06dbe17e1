import type { Selectable } from 'kysely';
import type { Db } from '../db/schema';
import type { ChannelPoliciesTable } from '../db/tables/operations';
import {
  type ChannelCheck,
  type ChannelInspector,
  isFresh,
  type Verdict,
  verdictOf,
} from '../domain/external-channels';

export type ChannelPolicy = Selectable<ChannelPoliciesTable>;

export async function getChannelPolicy(
  db: Db,
  platform: string,
  channelId: string,
): Promise<ChannelPolicy | undefined> {
  return db
    .selectFrom('channel_policies')
    .selectAll()
    .where('platform', '=', platform)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
}

/** Caches what the platform said about the channel (shared outside or not, and why). */
export async function saveChannelCheck(
  db: Db,
  key: { platform: string; channelId: string },
  check: { external: boolean; reason: string | null },
  at: Date,
): Promise<void> {
  await db
    .insertInto('channel_policies')
    .values({
      platform: key.platform,
      channel_id: key.channelId,
      external: check.external,
      reason: check.reason,
      checked_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(['platform', 'channel_id'])
        .doUpdateSet({ external: check.external, reason: check.reason, checked_at: at }),
    )
    .execute();
}

/** An admin's permission to post in an external channel (null `by` withdraws it). */
export async function setExternalAllowed(
  db: Db,
  key: { platform: string; channelId: string },
  by: string | null,
  at: Date,
): Promise<void> {
  await db
    .insertInto('channel_policies')
    .values({
      platform: key.platform,
      channel_id: key.channelId,
      allowed_by: by,
      allowed_at: by ? at : null,
    })
    .onConflict((oc) =>
      oc
        .columns(['platform', 'channel_id'])
        .doUpdateSet({ allowed_by: by, allowed_at: by ? at : null }),
    )
    .execute();
}

/**
 * Whether Tend may post in a channel: the cached platform answer while fresh (TTL), else a new
 * one from the inspector (saved); an admin's permission overrides "external". No inspector
 * for the platform (the local workspace's Teams view): nothing to check.
 */
export async function checkChannel(
  db: Db,
  inspector: ChannelInspector | undefined,
  key: { platform: string; channelId: string },
  now: Date,
): Promise<Verdict> {
  if (!inspector) return { allowed: true, external: false };
  const cached = await getChannelPolicy(db, key.platform, key.channelId);
  let check: ChannelCheck;
  if (cached && isFresh(cached, now)) {
    check = { external: cached.external === true, reason: cached.reason };
  } else {
    check = await inspector.inspect(key.channelId);
    await saveChannelCheck(db, key, check, now);
  }
  return verdictOf(check, cached?.allowed_by ?? null);
}
