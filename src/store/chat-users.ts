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
    tz?: string | null;
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
      tz: user.tz ?? null,
      fetched_at: at,
      locale: user.locale ?? null,
    })
    .onConflict((oc) =>
      oc.columns(['platform', 'user_id']).doUpdateSet({
        email: user.email,
        display_name: user.displayName,
        ...(user.tz !== undefined ? { tz: user.tz } : {}),
        fetched_at: at,
        // A profile read that says no locale keeps the one known (Teams' roster has none).
        locale: (eb) => eb.fn.coalesce(eb.val(user.locale ?? null), eb.ref('chat_users.locale')),
      }),
    )
    .execute();
}

/** A platform's user id for an e-mail Tend has seen there (the latest seen), or null. */
export async function chatUserIdByEmail(
  db: Db,
  platform: Platform,
  email: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('chat_users')
    .select('user_id')
    .where('platform', '=', platform)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .orderBy('fetched_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/**
 * The locale of every person whose platform told one, keyed `platform\nuser id` (a DM's
 * channel id is the user id): few rows, read whole by a run that posts to many.
 */
export async function allChatUserLocales(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('chat_users')
    .select(['platform', 'user_id', 'locale'])
    .where('locale', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [`${r.platform}\n${r.user_id}`, r.locale ?? '']));
}
