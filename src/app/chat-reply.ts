import type { Card } from '../cards/model';
import type { Platform } from '../db/tables/chat';
import type { Locale } from '../domain/locale';

/** A chat command as every platform hands it over: who, where, what they typed. */
export interface ChatRequest {
  platform: Platform;
  user: { id: string; email: string | null; name: string; timeZone?: string | null };
  /** True in a direct chat with the bot (Slack DM, Teams personal chat). */
  direct?: boolean;
  /**
   * The person's language as their platform says it (Teams activity `locale`, the cached Slack
   * profile); absent: the channel's language, then the settings' default.
   */
  locale?: Locale | null;
  /** Where it was typed; null in a direct chat that has no channel id. */
  channelId: string | null;
  /** The command and its words, e.g. "health acme" (a leading "/" is fine). */
  text: string;
  /** Unique per request (Slack trigger_id, Teams activity id): retries carry the same one. */
  requestKey: string;
}

/** The answer: one neutral card, private to the person unless it says in_channel. */
export interface ChatReply {
  visibility: 'ephemeral' | 'in_channel';
  card: Card;
}
