import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { ChatIdentity } from '../../app/chat-users';
import { noteTimeZone, resolveChatUser } from '../../app/chat-users';
import type { AppContext } from '../../app/context';

/**
 * Who sent the activity, by e-mail: Teams activities carry no e-mail, so the member is read
 * from the conversation roster (e-mail, else the user principal name, which is usually the
 * sign-in address) and cached in chat_users under platform 'teams'.
 */
export async function identify(ctx: AppContext, turn: TurnContext): Promise<ChatIdentity> {
  const from = turn.activity.from;
  const fallbackName = from?.name ?? from?.id ?? 'someone';
  try {
    const user = await resolveChatUser(ctx, 'teams', from.id, async () => {
      const member = await TeamsInfo.getMember(turn, from.id);
      const upn = member.userPrincipalName?.includes('@') ? member.userPrincipalName : null;
      return {
        email: member.email ?? upn ?? null,
        name: member.name ?? fallbackName,
        locale: turn.activity.locale ?? null,
      };
    });
    // The person's zone rides on each activity (their Teams client's), not in the roster.
    return await noteTimeZone(ctx, 'teams', user, turn.activity.localTimezone);
  } catch (error) {
    // No profile and no cache: answer anyway; commands that need "mine" say so.
    ctx.log.warn({ err: error, userId: from?.id }, 'teams member lookup failed');
    return { id: from.id, email: null, name: fallbackName };
  }
}
