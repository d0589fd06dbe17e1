import { sql } from 'kysely';
import type { Db } from '../db/schema';

/**
 * The platform user ids of the people who subscribed a channel, for a direct message: a
 * creator recorded as `slack:U1` is U1; one recorded by e-mail is found in the cached chat
 * profiles of that platform. A creator Tend cannot reach is left out.
 */
export async function subscribersOfChannel(
  db: Db,
  platform: string,
  channelId: string,
): Promise<string[]> {
  const creators = await db
    .selectFrom('channel_subscriptions')
    .select('created_by')
    .distinct()
    .where('platform', '=', platform as never)
    .where('channel_id', '=', channelId)
    .execute();
  const ids = new Set<string>();
  const emails: string[] = [];
  for (const { created_by: c } of creators) {
    if (c.startsWith(`${platform}:`)) ids.add(c.slice(platform.length + 1));
    else if (c.includes('@')) emails.push(c.toLowerCase());
  }
  if (emails.length > 0) {
    const users = await db
      .selectFrom('chat_users')
      .select('user_id')
      .where('platform', '=', platform as never)
      .where(sql<string>`lower(email)`, 'in', emails)
      .execute();
    for (const u of users) ids.add(u.user_id);
  }
  return [...ids].sort();
}
