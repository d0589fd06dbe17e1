import type { Selectable } from 'kysely';
import type { CreatedAt, Instant, Json } from './accounts';

export type TeamsConversationKind = 'personal' | 'channel' | 'groupChat';

export interface TeamsConversationsTable {
  conversation_key: string;
  kind: TeamsConversationKind;
  tenant_id: string | null;
  team_id: string | null;
  user_id: string | null;
  aad_object_id: string | null;
  /** Bot Framework's ConversationReference, as the adapter returned it. */
  reference: Json<Record<string, unknown>>;
  removed_at: Instant | null;
  created_at: CreatedAt;
  updated_at: Instant;
}
export type TeamsConversation = Selectable<TeamsConversationsTable>;
