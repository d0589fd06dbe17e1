import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { TeamsConversation, TeamsConversationKind } from '../db/tables/teams';

export interface SaveTeamsConversation {
  key: string;
  kind: TeamsConversationKind;
  tenantId: string | null;
  teamId: string | null;
  userId: string | null;
  aadObjectId: string | null;
  reference: Record<string, unknown>;
}

/** Stores or refreshes a reference; a conversation the app was re-added to is live again. */
export async function saveTeamsConversation(
  db: Db,
  c: SaveTeamsConversation,
  now: Date,
): Promise<void> {
  const values = {
    kind: c.kind,
    tenant_id: c.tenantId,
    team_id: c.teamId,
    user_id: c.userId,
    aad_object_id: c.aadObjectId,
    reference: JSON.stringify(c.reference),
    removed_at: null,
    updated_at: now,
  };
  await db
    .insertInto('teams_conversations')
    .values({ conversation_key: c.key, ...values })
    .onConflict((oc) =>
      oc.column('conversation_key').doUpdateSet({
        ...values,
        // A channel message carries no personal ids; keep the ones an install stored.
        user_id: sql`coalesce(excluded.user_id, teams_conversations.user_id)`,
        aad_object_id: sql`coalesce(excluded.aad_object_id, teams_conversations.aad_object_id)`,
        team_id: sql`coalesce(excluded.team_id, teams_conversations.team_id)`,
      }),
    )
    .execute();
}

/** True when a live reference is stored for this key (first-message saves are skipped then). */
export async function hasTeamsConversation(db: Db, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('teams_conversations')
    .select('conversation_key')
    .where('conversation_key', '=', key)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function markTeamsConversationRemoved(db: Db, key: string, now: Date) {
  await db
    .updateTable('teams_conversations')
    .set({ removed_at: now, updated_at: now })
    .where('conversation_key', '=', key)
    .execute();
}

/**
 * Where to send for an outbox channel id: a conversation key, or for a direct message the
 * person's Teams user id (29:…) or AAD object id, through their personal chat.
 */
export async function findTeamsConversation(
  db: Db,
  target: string,
): Promise<TeamsConversation | undefined> {
  const direct = await db
    .selectFrom('teams_conversations')
    .selectAll()
    .where('conversation_key', '=', target)
    .executeTakeFirst();
  if (direct) return direct;
  return db
    .selectFrom('teams_conversations')
    .selectAll()
    .where('kind', '=', 'personal')
    .where((eb) => eb.or([eb('user_id', '=', target), eb('aad_object_id', '=', target)]))
    .orderBy(sql`removed_at is null`, 'desc')
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
}
