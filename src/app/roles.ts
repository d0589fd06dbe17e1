import { t, tm } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import type { Locale, Msg } from '../domain/locale';
import { maySeeTeamStats, type Role, roleOf } from '../domain/roles';
import { recordAudit } from './audit';
import type { ChatReply, ChatRequest } from './chat-reply';
import type { AppContext } from './context';
import { requestLocale } from './languages';

export type { Role };

/** Someone Tend knows by e-mail (a chat user whose profile was read, a CLI user). */
export interface Person {
  email: string | null;
}

/** The person's role from the settings' `admins` and `managers`. */
export function personRole(ctx: AppContext, person: Person): Role {
  return roleOf(ctx.config.settings, person.email);
}

export function isAdmin(ctx: AppContext, person: Person): boolean {
  return personRole(ctx, person) === 'admin';
}

/** Whether the person may see team-wide statistics (`/stats team`): managers and admins. */
export function canSeeTeamStats(ctx: AppContext, person: Person): boolean {
  return maySeeTeamStats(personRole(ctx, person), ctx.config.settings);
}

/**
 * Refuses a chat request: answers in words that say who may do it, logs it, and records it in
 * the audit log (who, what, where; the refused text is not kept, it may name a person).
 */
export async function refuse(
  ctx: AppContext,
  request: ChatRequest,
  what: string,
  reason: Msg,
  locale?: Locale,
): Promise<ChatReply> {
  // The log and the audit keep English (one language for whoever reads them); the person
  // reads their own.
  const why = tm('en', reason);
  const actor = request.user.email ?? `${request.platform}:${request.user.id}`;
  ctx.log.warn(
    { platform: request.platform, user: request.user.id, channel: request.channelId, what },
    `refused: ${why}`,
  );
  await recordAudit(ctx, {
    actor,
    action: `refused ${what}`,
    origin: request.platform,
    place: request.channelId,
    details: { reason: why },
  }).catch((error: unknown) => ctx.log.error({ err: error }, 'refusal not audited'));
  const l = locale ?? (await requestLocale(ctx, request));
  return { visibility: 'ephemeral', card: refusalCard(tm(l, reason), l) };
}

export function refusalCard(why: string, locale: Locale = 'en'): Card {
  return noticeCard(t(locale, 'refuse.title'), why, locale);
}

/** The sentence for something only an admin may do (`what`: privacy or external channels). */
export function adminOnly(ctx: AppContext, what: 'privacy' | 'external'): Msg {
  const none = ctx.config.settings.admins.length === 0;
  const keys = {
    privacy: none ? 'refuse.adminOnlyNone.privacy' : 'refuse.adminOnly.privacy',
    external: none ? 'refuse.adminOnlyNone.external' : 'refuse.adminOnly.external',
  } as const;
  return { key: keys[what] };
}
