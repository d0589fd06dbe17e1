import { type Kysely, sql } from 'kysely';

// Frozen once landed. Where the Teams bot may speak unprompted: the conversation reference
// Bot Framework needs for a proactive send (service URL, conversation, bot), stored when the
// app is installed, added to a conversation, or first spoken to.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('teams_conversations')
    // The channel id for a team channel (no ";messageid=" thread suffix), else the
    // conversation id of the personal or group chat: what the outbox calls channel_id.
    .addColumn('conversation_key', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('personal', 'channel', 'groupChat')`),
    )
    .addColumn('tenant_id', 'text')
    .addColumn('team_id', 'text')
    // For a personal chat: the Teams user id (29:…) and AAD object id of the person.
    .addColumn('user_id', 'text')
    .addColumn('aad_object_id', 'text')
    .addColumn('reference', 'jsonb', (c) => c.notNull())
    // Set when the app is uninstalled or removed from the conversation: sends there fail.
    .addColumn('removed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index teams_conversations_user on teams_conversations (user_id)
    where kind = 'personal'`.execute(db);
  await sql`create index teams_conversations_aad on teams_conversations (aad_object_id)
    where kind = 'personal'`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('teams_conversations').ifExists().execute();
}
