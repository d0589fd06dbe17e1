import type { Db } from '../db/schema';
import type { ChatUser, Platform } from '../db/tables/chat';

export async function getChatUser(
  db: Db,
  platform: Platform,
  userId: string,
): Promise<ChatUser | undefined> {
  return db
    .selectFrom('chat_users')
    .selectAll()
    .where('platform', '=', platform)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function saveChatUser(
  db: Db,
  user: {
    platform: Platform;
    userId: string;
    email: string | null;
    displayName: string | null;
    locale?: string | null;
  },
  at: Date,
): Promise<void> {
  await db
    .insertInto('chat_users')
    .values({
      platform: user.platform,
      user_id: user.userId,
      email: user.email,
      display_name: user.displayName,
      fetched_at: at,
      locale: user.locale ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['platform', 'user_id']).doUpdateSet({
        email: user.email,
        display_name: user.displayName,
        fetched_at: at,
        // A profile read that says no locale keeps the one known (Teams' roster has none).
        locale: (eb) => eb.fn.coalesce(eb.val(user.locale ?? null), eb.ref('chat_users.locale')),
      }),
    )
    .execute();
}
