import { noticeCard } from '../cards/notice-card';
import type { CsAction } from '../domain/parse/command';
import type { ChatReply, ChatRequest } from './chat-reply';
import type { AppContext } from './context';

/**
 * `/cs subscribe|subscriptions|unsubscribe|pause|resume`. Channel subscriptions belong to the
 * digests work; until it lands this answers "coming soon". Its owner replaces this body and
 * keeps the signature, so Slack and Teams need no change.
 */
export async function runCsCommand(
  _ctx: AppContext,
  _request: ChatRequest,
  command: { action: CsAction; args: string },
): Promise<ChatReply> {
  return {
    visibility: 'ephemeral',
    card: noticeCard(
      'Coming soon',
      `Channel subscriptions (/cs ${command.action}) are coming soon. /cs help lists what works today.`,
    ),
  };
}
