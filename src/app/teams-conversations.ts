import type { TeamsConversation } from '../db/tables/teams';
import {
  findTeamsConversation,
  hasTeamsConversation,
  markTeamsConversationRemoved,
  type SaveTeamsConversation,
  saveTeamsConversation,
} from '../store/teams-conversations';
import type { AppContext } from './context';

// Where the Teams bot may speak unprompted: the adapter reads and writes the conversation
// references through these, never the store.

export type { TeamsConversationKind } from '../db/tables/teams';

/** Stores or refreshes a reference (install, added to a team, a first message). */
export async function rememberTeamsConversation(
  ctx: AppContext,
  c: SaveTeamsConversation,
): Promise<void> {
  await saveTeamsConversation(ctx.db, c, ctx.clock.now());
}

/** True when a live reference is stored for this key. */
export function knowsTeamsConversation(ctx: AppContext, key: string): Promise<boolean> {
  return hasTeamsConversation(ctx.db, key);
}

export async function forgetTeamsConversation(ctx: AppContext, key: string): Promise<void> {
  await markTeamsConversationRemoved(ctx.db, key, ctx.clock.now());
}

/** The stored conversation an outbox channel id names (a key, or a person's Teams ids). */
export function teamsConversationFor(
  ctx: AppContext,
  target: string,
): Promise<TeamsConversation | undefined> {
  return findTeamsConversation(ctx.db, target);
}
