import type { Db } from '../db/schema';
import type { Platform } from '../db/tables/chat';

export async function getChannelLanguage(
  db: Db,
  platform: Platform,
  channelId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('channel_languages')
    .select('locale')
    .where('platform', '=', platform)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return row?.locale ?? null;
}

/**
 * Every channel's language, keyed `platform\nchannel` (channels without one are absent): one
 * row per channel that chose a language, few enough to read whole for a run that posts to many.
 */
export async function allChannelLanguages(db: Db): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('channel_languages')
    .select(['platform', 'channel_id', 'locale'])
    .execute();
  return new Map(rows.map((r) => [`${r.platform}\n${r.channel_id}`, r.locale]));
}

export async function setChannelLanguage(
  db: Db,
  c: { platform: Platform; channelId: string; locale: string; by: string },
  at: Date,
): Promise<void> {
  await db
    .insertInto('channel_languages')
    .values({
      platform: c.platform,
      channel_id: c.channelId,
      locale: c.locale,
      set_by: c.by,
      set_at: at,
    })
    .onConflict((oc) =>
      oc
        .columns(['platform', 'channel_id'])
        .doUpdateSet({ locale: c.locale, set_by: c.by, set_at: at }),
    )
    .execute();
}
