import { t } from '../cards/i18n/t';
import { noticeCard } from '../cards/notice-card';
import type { Platform } from '../db/tables/chat';
import { LOCALES, type Locale, normalizeLocale } from '../domain/locale';
import {
  allChannelLanguages,
  getChannelLanguage,
  setChannelLanguage,
} from '../store/channel-languages';
import type { ChatReply, ChatRequest } from './chat-reply';
import type { AppContext } from './context';

/** The settings' language: what Tend writes in when nobody said otherwise. */
export const defaultLocale = (ctx: AppContext): Locale => ctx.config.settings.language;

/** What Tend posts in to a channel: its /cs language, else the settings' default. */
export async function channelLocale(
  ctx: AppContext,
  platform: Platform,
  channelId: string | null,
): Promise<Locale> {
  if (!channelId) return defaultLocale(ctx);
  return (
    normalizeLocale(await getChannelLanguage(ctx.db, platform, channelId)) ?? defaultLocale(ctx)
  );
}

/** Every channel's language at once, for a run that posts to many. */
export async function channelLocales(
  ctx: AppContext,
): Promise<(platform: string, channelId: string) => Locale> {
  const set = await allChannelLanguages(ctx.db);
  const fallback = defaultLocale(ctx);
  return (platform, channelId) => normalizeLocale(set.get(`${platform}\n${channelId}`)) ?? fallback;
}

/**
 * The language of an answer to a person's own command: theirs when their platform said one
 * Tend speaks, else the channel's, else the default.
 */
export async function requestLocale(ctx: AppContext, request: ChatRequest): Promise<Locale> {
  return request.locale ?? (await channelLocale(ctx, request.platform, request.channelId));
}

const LANGUAGE_NAME = {
  en: 'language.name.en',
  'zh-CN': 'language.name.zh-CN',
} as const satisfies Record<Locale, string>;

/** `/cs language` shows the channel's language; `/cs language zh-CN` sets it. */
export async function languageCommand(
  ctx: AppContext,
  request: ChatRequest,
  args: string,
  locale: Locale,
): Promise<ChatReply> {
  const reply = (text: string, l: Locale = locale): ChatReply => ({
    visibility: 'ephemeral',
    card: { ...noticeCard(t(l, 'language.title'), text), locale: l },
  });
  const given = args.trim();
  if (!request.channelId) {
    const current = defaultLocale(ctx);
    return reply(
      t(locale, 'language.shown', { language: t(locale, LANGUAGE_NAME[current]), default: 'yes' }),
    );
  }
  if (given === '') {
    const stored = normalizeLocale(
      await getChannelLanguage(ctx.db, request.platform, request.channelId),
    );
    const current = stored ?? defaultLocale(ctx);
    return reply(
      t(locale, 'language.shown', {
        language: t(locale, LANGUAGE_NAME[current]),
        default: stored ? 'no' : 'yes',
      }),
    );
  }
  const chosen = normalizeLocale(given);
  if (!chosen) {
    return reply(t(locale, 'language.unknown', { given, list: LOCALES.join(', ') }));
  }
  await setChannelLanguage(
    ctx.db,
    {
      platform: request.platform,
      channelId: request.channelId,
      locale: chosen,
      by: request.user.email ?? `${request.platform}:${request.user.id}`,
    },
    ctx.clock.now(),
  );
  // Said in the new language: the channel sees at once what its posts will look like.
  return reply(t(chosen, 'language.set', { language: t(chosen, LANGUAGE_NAME[chosen]) }), chosen);
}
