import type { Activity } from 'botbuilder';
import type { AppContext } from '../../app/context';
import {
  forgetTeamsConversation,
  knowsTeamsConversation,
  rememberTeamsConversation,
} from '../../app/teams-conversations';
import { conversationKey, kindOf, referenceFor, tenantOf } from './activity';

/** Stores where the bot can later speak unprompted (install, added to a team, first message). */
export async function rememberConversation(ctx: AppContext, a: Partial<Activity>): Promise<void> {
  const kind = kindOf(a);
  const data = (a.channelData ?? {}) as { team?: { id?: string } };
  await rememberTeamsConversation(ctx, {
    key: conversationKey(a),
    kind,
    tenantId: tenantOf(a),
    teamId: data.team?.id ?? null,
    userId: kind === 'personal' ? (a.from?.id ?? null) : null,
    aadObjectId: kind === 'personal' ? (a.from?.aadObjectId ?? null) : null,
    reference: referenceFor(a) as Record<string, unknown>,
  });
}

/** On a message: store the reference once (a write per message would be wasted). */
export async function rememberOnFirstMessage(ctx: AppContext, a: Partial<Activity>) {
  if (!(await knowsTeamsConversation(ctx, conversationKey(a)))) {
    await rememberConversation(ctx, a);
  }
}

export async function forgetConversation(ctx: AppContext, a: Partial<Activity>): Promise<void> {
  await forgetTeamsConversation(ctx, conversationKey(a));
}

/** installationUpdate (add/remove) and conversationUpdate (the bot added or removed). */
export async function handleMembershipEvent(ctx: AppContext, a: Partial<Activity>) {
  if (a.type === 'installationUpdate') {
    if (a.action === 'remove') await forgetConversation(ctx, a);
    else await rememberConversation(ctx, a);
    return;
  }
  const botId = a.recipient?.id;
  if ((a.membersRemoved ?? []).some((m) => m.id === botId)) {
    await forgetConversation(ctx, a);
  } else if ((a.membersAdded ?? []).some((m) => m.id === botId)) {
    await rememberConversation(ctx, a);
  }
}
