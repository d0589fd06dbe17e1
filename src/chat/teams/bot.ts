import type { CloudAdapter, TurnContext } from 'botbuilder';
import { audited } from '../../app/audit';
import type { AppContext } from '../../app/context';
import { tenantOf } from './activity';
import {
  createTeamsAdapter,
  type InboundAuth,
  inboundAuthenticator,
  type TeamsSettings,
  teamsSettings,
} from './adapter';
import { teamsEdge } from './audit-turn';
import { handleInvoke, handleSubmit, type InvokeResult } from './click';
import { handleCommand } from './commands';
import { handleMessageAction } from './log-to-account';
import { handleMembershipEvent, rememberOnFirstMessage } from './references';

export interface TeamsBot {
  adapter: CloudAdapter;
  settings: TeamsSettings;
  /** The inbound token check (with an app id); see inboundAuthenticator. */
  authenticate(activity: Record<string, unknown>, authorization: string): Promise<InboundAuth>;
  /** One turn; returns 'refused' for a tenant outside the allow-list (nothing was done). */
  run(turn: TurnContext): Promise<'done' | 'refused'>;
}

// Teams retries an invoke it got no answer to; the same activity id gets the same answer,
// and the use case does not run twice. Bounded: old ids fall out first.
const REMEMBERED_INVOKES = 1000;

export function createTeamsBot(ctx: AppContext, adapter?: CloudAdapter): TeamsBot {
  const settings = teamsSettings(ctx.config);
  const answered = new Map<string, InvokeResult>();

  async function invoke(turn: TurnContext): Promise<InvokeResult> {
    const a = turn.activity;
    // The invokes our manifest asks for (card buttons; the Log to account message action). Anything else is the sender's mistake: 400, not the
    // SDK's customary 501 (a 5xx says Tend failed, and would be retried).
    const messageAction =
      a.name === 'composeExtension/fetchTask' || a.name === 'composeExtension/submitAction';
    if (a.name !== 'adaptiveCard/action' && !messageAction) return { status: 400, body: undefined };
    const key = `${a.conversation?.id}:${a.id}`;
    const seen = a.id ? answered.get(key) : undefined;
    if (seen) return seen;
    const result = messageAction
      ? await handleMessageAction(ctx, turn)
      : await handleInvoke(ctx, turn);
    if (a.id) {
      answered.set(key, result);
      if (answered.size > REMEMBERED_INVOKES) {
        const oldest = answered.keys().next().value;
        if (oldest !== undefined) answered.delete(oldest);
      }
    }
    return result;
  }

  return {
    adapter: adapter ?? createTeamsAdapter(ctx.config, ctx.log),
    settings,
    authenticate: inboundAuthenticator(ctx.config, ctx.log),
    async run(turn) {
      const a = turn.activity;
      const tenant = tenantOf(a)?.toLowerCase() ?? null;
      if (settings.allowedTenants && !(tenant && settings.allowedTenants.has(tenant))) {
        ctx.log.warn({ tenant }, 'teams activity from a tenant outside the allow-list refused');
        return 'refused';
      }
      await audited(ctx, teamsEdge(a), () => dispatch(turn));
      return 'done';
    },
  };

  async function dispatch(turn: TurnContext): Promise<void> {
    const a = turn.activity;
    switch (a.type) {
      case 'message':
        await rememberOnFirstMessage(ctx, a);
        if (a.value && typeof a.value === 'object') await handleSubmit(ctx, turn);
        else await handleCommand(ctx, turn);
        break;
      case 'invoke': {
        const value = await invoke(turn);
        await turn.sendActivity({ type: 'invokeResponse', value });
        break;
      }
      case 'installationUpdate':
      case 'conversationUpdate':
        await handleMembershipEvent(ctx, a);
        break;
      default:
        break;
    }
  }
}
