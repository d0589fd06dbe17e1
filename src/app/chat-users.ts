import { t } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import type { ChatUser, Platform } from '../db/tables/chat';
import { type Locale, normalizeLocale } from '../domain/locale';
import { isTimeZone } from '../domain/time-zone';
import { getChatUser, saveChatUser } from '../store/chat-users';
import { saveChatUserTimeZone } from '../store/routing';
import type { AppContext } from './context';
import { perDatabase } from './per-database';

export interface ChatProfile {
  email: string | null;
  name: string | null;
  /** IANA time zone of the person (Slack users.info `tz`), when the platform says. */
  tz?: string | null;
  /** The platform's locale for the person (Slack users.info `locale`), when it says one. */
  locale?: string | null;
}

export interface ChatIdentity {
  id: string;
  email: string | null;
  name: string;
  /** The person's own time zone when known (chat_users.tz); else the team's is used. */
  timeZone?: string | null;
  /** The person's language, when their platform told us one Tend speaks. */
  locale?: Locale | null;
}

/** A profile is re-read after a day, so a changed e-mail is picked up without a restart. */
const FRESH_MS = 24 * 60 * 60 * 1000;

/**
 * Who a chat user is, by e-mail (that is how chat users are matched to CSMs). The platform's
 * profile (Slack `users.info`) is cached in chat_users; when the platform cannot be reached,
 * a stale cached profile is better than none.
 */
export async function resolveChatUser(
  ctx: AppContext,
  platform: Platform,
  userId: string,
  fetchProfile: (userId: string) => Promise<ChatProfile>,
): Promise<ChatIdentity> {
  const now = ctx.clock.now();
  const cached = await getChatUser(ctx.db, platform, userId);
  if (cached && now.getTime() - cached.fetched_at.getTime() < FRESH_MS) {
    return fromCache(userId, cached);
  }
  let profile: ChatProfile;
  try {
    profile = await fetchProfile(userId);
  } catch (error) {
    if (!cached) throw error;
    ctx.log.warn({ err: error, platform, userId }, 'profile lookup failed; using cached profile');
    return fromCache(userId, cached);
  }
  const email = profile.email?.trim().toLowerCase() || null;
  // A zone this runtime does not know is no zone: the team's is used instead.
  const tz = profile.tz && isTimeZone(profile.tz) ? profile.tz : (cached?.tz ?? null);
  const locale = profile.locale ?? null;
  await saveChatUser(
    ctx.db,
    { platform, userId, email, displayName: profile.name ?? null, tz, locale },
    now,
  );
  localesOf(ctx).delete(`${platform}|${userId}`);
  return {
    id: userId,
    email,
    name: profile.name ?? userId,
    timeZone: tz,
    locale: normalizeLocale(locale) ?? normalizeLocale(cached?.locale),
  };
}

function fromCache(userId: string, cached: ChatUser): ChatIdentity {
  return {
    id: userId,
    email: cached.email,
    name: cached.display_name ?? userId,
    timeZone: cached.tz,
    locale: normalizeLocale(cached.locale),
  };
}

/**
 * A person's language from their cached profile alone (no platform call, however old the
 * profile: a language rarely changes): null when Tend has never read their profile, else
 * their language (null inside when the profile named none Tend speaks).
 */
export async function knownLocale(
  ctx: AppContext,
  platform: Platform,
  userId: string,
): Promise<{ locale: Locale | null } | null> {
  const key = `${platform}|${userId}`;
  const memo = localesOf(ctx);
  const hit = memo.get(key);
  const now = ctx.clock.now().getTime();
  if (hit && now - hit.at < LOCALE_FRESH_MS) return { locale: hit.locale };
  const cached = await getChatUser(ctx.db, platform, userId);
  if (!cached) return null;
  const locale = normalizeLocale(cached.locale);
  memo.delete(key);
  memo.set(key, { at: now, locale });
  if (memo.size > LOCALE_MAX) memo.delete(memo.keys().next().value as string);
  return { locale };
}

/**
 * Every slash command needs the person's language, and a language rarely changes: it is kept
 * in memory for a few minutes (per database handle), which saves a query on every command,
 * including those answered from the card cache. This replica forgets it when it re-reads the
 * profile; another replica may answer in the old language for up to LOCALE_FRESH_MS.
 */
const LOCALE_FRESH_MS = 5 * 60 * 1000;
const LOCALE_MAX = 10_000;
const localeMemo = perDatabase(() => new Map<string, { at: number; locale: Locale | null }>());
const localesOf = (ctx: AppContext) => localeMemo(ctx.db);

/** What a person without an e-mail on their profile is told. */
export const NO_EMAIL_MESSAGE = t('en', 'error.noEmail');

/** "Who are you?": the person's profile has no e-mail, in `locale`. */
export function noEmailCard(locale: Locale): Card {
  return noticeCard(t(locale, 'error.whoTitle'), t(locale, 'error.noEmail'), locale);
}

/**
 * Teams tells the person's zone on every activity (localTimezone), not in the profile: kept in
 * chat_users when it is a zone this runtime knows and differs from the stored one.
 */
export async function noteTimeZone(
  ctx: AppContext,
  platform: Platform,
  user: ChatIdentity,
  tz: string | null | undefined,
): Promise<ChatIdentity> {
  if (!tz || !isTimeZone(tz) || user.timeZone === tz) return user;
  await saveChatUserTimeZone(ctx.db, platform, user.id, tz);
  return { ...user, timeZone: tz };
}

/** "Today" for a person: their own zone when known, else the team's. */
export function zoneOf(ctx: AppContext, user: { timeZone?: string | null }): string {
  return user.timeZone ?? ctx.config.settings.timezone;
}
