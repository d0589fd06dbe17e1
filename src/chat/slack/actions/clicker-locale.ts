import { knownLocale } from '../../../app/chat-users';
import { defaultLocale } from '../../../app/languages';
import type { Locale } from '../../../domain/locale';
import type { SlackDeps } from '../deps';

/**
 * The language of a form or card shown to the person who clicked: theirs when their profile
 * said one (chat_users, cached: one indexed read, fine before a 3 s trigger_id), else the
 * default.
 */
export async function clickerLocale(deps: SlackDeps, userId: string): Promise<Locale> {
  return (await knownLocale(deps.ctx, 'slack', userId))?.locale ?? defaultLocale(deps.ctx);
}
