import { type Kysely, sql } from 'kysely';

// Frozen once landed. Issue 10, the delivery benchmark: the "sending" mark of a post in flight
// moves from the message's row to its channel's lease row. A channel has one message in flight
// at a time, and the mark was written in the same statement that stretches the lease over the
// flight, so the lease row can carry it: one row write less per message (an outbox update that
// is not HOT also writes a new entry into each of the outbox's indexes). The mark names the row
// (sending_id) and when it left (sending_since); it counts only while that row is pending.
// outbox.sending_since stays: a replica of the previous version may still write it during a
// rolling upgrade, and the worker honours either mark.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on app types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table outbox_channels add column sending_id bigint,
    add column sending_since timestamptz`.execute(db);
  // Marks written by the previous version (one per channel at most: only a channel's head is
  // ever in flight) move over, so a post in flight during the upgrade is still looked for.
  await sql`update outbox_channels c set sending_id = o.id, sending_since = o.sending_since
    from outbox o
    where o.platform = c.platform and o.channel_id = c.channel_id
      and o.status = 'pending' and o.sending_since is not null`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`update outbox o set sending_since = c.sending_since
    from outbox_channels c
    where c.sending_id = o.id and o.status = 'pending'`.execute(db);
  await sql`alter table outbox_channels drop column sending_id, drop column sending_since`.execute(
    db,
  );
}
