/**
 * What an outbox row asks for: post a card to its channel, or rewrite a card posted before
 * (found through the dedupe key of the post, whose row keeps the platform's message ref).
 * The card is the card model's JSON; the store only keeps it, so it takes the type as a
 * parameter (app enqueues `NewMessage<Card>`) instead of importing cards/.
 */
export type OutboxPayload<TCard> =
  | { op: 'post'; kind: string; card: TCard }
  | { op: 'update'; kind: string; of: string; card: TCard }
  /** A reply in the thread of a post (found through its dedupe key, like an update). */
  | { op: 'reply'; kind: string; of: string; card: TCard };

export interface NewMessage<TCard> {
  platform: string;
  channelId: string;
  dedupeKey: string;
  payload: OutboxPayload<TCard>;
  /** The account the message is about, if one (purge deletes by it). */
  accountId?: number;
  /** The alert the message shows, if one (a click rewrites every post of it). */
  alertId?: number;
  /** Not before this instant (default: now). */
  notBefore?: Date;
}
