import type { Kysely } from 'kysely';

// Frozen once landed. Languages (issue 16 item 3): a person's language as their platform says
// it (Slack users.info `locale`, Teams activity `locale`), cached with their profile; a
// channel's language for what Tend posts there (/cs language zh-CN). Null or no row: the
// settings' default language.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('chat_users').addColumn('locale', 'text').execute();
  await db.schema
    .createTable('channel_languages')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_languages_pk', ['platform', 'channel_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('channel_languages').ifExists().execute();
  await db.schema.alterTable('chat_users').dropColumn('locale').execute();
}
