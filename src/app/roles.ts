import type { Card } from '../cards/model';
import { noticeCard } from '../cards/notice-card';
import { maySeeTeamStats, type Role, roleOf } from '../domain/roles';
import { recordAudit } from './audit';
import type { ChatReply, ChatRequest } from './chat-reply';
import type { AppContext } from './context';

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
  why: string,
): Promise<ChatReply> {
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
  return { visibility: 'ephemeral', card: refusalCard(why) };
}

export function refusalCard(why: string): Card {
  return noticeCard('Not allowed', why);
}

/** The sentence for something only an admin may do. */
export function adminOnly(ctx: AppContext, what: string): string {
  return ctx.config.settings.admins.length === 0
    ? `Only an admin can ${what}, and no admins are configured: list them under \`admins\` in the settings.`
    : `Only an admin can ${what} (see \`admins\` in the settings).`;
}
