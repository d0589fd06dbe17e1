import { type Kysely, sql } from 'kysely';

// Frozen once landed. A post whose outcome is unknown (the worker died or timed out after the
// request left) is recognisable: `sending_since` is set, on the database clock, before a post
// goes out and cleared when its outcome is known. The next worker to reach such a row looks
// for the post on the platform (Slack: the message's metadata names the outbox id) before it
// posts again.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table outbox add column sending_since timestamptz`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table outbox drop column if exists sending_since`.execute(db);
}
