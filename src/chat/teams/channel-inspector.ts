import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { AppContext } from '../../app/context';
import { teamsConversationFor } from '../../app/teams-conversations';
import type { ChannelCheck, ChannelInspector } from '../../domain/external-channels';
import { createTeamsAdapter, teamsSettings } from './adapter';

interface Member {
  userRole?: string;
  tenantId?: string;
}

interface PagedMembers {
  members?: Member[];
  continuationToken?: string;
  _response?: { bodyAsText?: string };
}

interface MembersClient {
  conversations: {
    getConversationPagedMembers(
      conversationId: string,
      options: { pageSize?: number; continuationToken?: string },
    ): Promise<PagedMembers>;
  };
}

/**
 * The page's members as Teams sent them. The SDK's model of a member (ChannelAccount) drops
 * Teams' own fields, userRole among them, so the raw answer is read when the SDK kept it.
 */
function membersOf(page: PagedMembers): { members: Member[]; next?: string } {
  const raw = page._response?.bodyAsText;
  if (raw) {
    const body = JSON.parse(raw) as { members?: Member[]; continuationToken?: string };
    return {
      members: body.members ?? [],
      ...(body.continuationToken ? { next: body.continuationToken } : {}),
    };
  }
  return {
    members: page.members ?? [],
    ...(page.continuationToken ? { next: page.continuationToken } : {}),
  };
}

/**
 * Asks Teams whether a chat or channel has people from outside the organisation: a member
 * whose userRole is "guest", or whose tenant is not the conversation's (a shared channel or
 * an external chat). Personal chats are one person with the bot: never external. Reads the
 * roster page by page through the stored conversation reference, as proactive sends do.
 */
export function createTeamsChannelInspector(
  ctx: AppContext,
  adapter?: CloudAdapter,
): ChannelInspector {
  const bot = adapter ?? createTeamsAdapter(ctx.config, ctx.log);
  const appId = teamsSettings(ctx.config).appId;
  return {
    async inspect(channelId: string): Promise<ChannelCheck> {
      const row = await teamsConversationFor(ctx, channelId);
      if (!row) throw new Error(`no Teams conversation ${channelId}: install the app there`);
      if (row.kind === 'personal') return { external: false, reason: null };
      const reference = row.reference as Partial<ConversationReference>;
      const tenant = row.tenant_id?.toLowerCase() ?? null;
      let found: ChannelCheck = { external: false, reason: null };
      let failure: unknown = null;
      await bot.continueConversationAsync(appId, reference, async (turn: TurnContext) => {
        try {
          const client: MembersClient = turn.turnState.get(turn.adapter.ConnectorClientKey);
          const id = reference.conversation?.id ?? row.conversation_key;
          let token: string | undefined;
          do {
            const page = membersOf(
              await client.conversations.getConversationPagedMembers(id, {
                pageSize: 500,
                ...(token ? { continuationToken: token } : {}),
              }),
            );
            for (const m of page.members) {
              if (m.userRole?.toLowerCase() === 'guest') {
                found = { external: true, reason: 'a Teams conversation with guests' };
              } else if (tenant && m.tenantId && m.tenantId.toLowerCase() !== tenant) {
                found = {
                  external: true,
                  reason: 'a Teams conversation with people from another organisation',
                };
              }
            }
            token = found.external ? undefined : page.next;
          } while (token);
        } catch (error) {
          failure = error ?? new Error('failed');
        }
      });
      if (failure !== null) throw failure;
      return found;
    },
  };
}
