import type { Card } from '../cards/model';

/**
 * What the outbox worker needs from a platform. Slack's lives in src/chat/slack/sender.ts;
 * Teams adds its own. A sender does one call and throws DeliveryError; retries, pacing and
 * bookkeeping are the worker's.
 */
export interface Sender {
  /** Posts a card to a channel (or a user id, for a direct message); returns an opaque ref. */
  post(channelId: string, card: Card): Promise<{ messageRef: string }>;
  /** Rewrites a posted card in place, e.g. "Acknowledged by @jane at 10:02". */
  update(messageRef: string, card: Card): Promise<void>;
  /**
   * Replies in the thread of a posted card (Slack thread, Teams reply chain); returns the
   * reply's own ref. `parentRef` is the parent post's ref, known only once it was sent.
   */
  reply?(parentRef: string, card: Card): Promise<{ messageRef: string }>;
}

export type Senders = Record<string, Sender>;

export type DeliveryErrorKind = 'rate_limited' | 'transient' | 'permanent';

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: DeliveryErrorKind,
    /** From Retry-After on a 429. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Anything a sender throws that is not a DeliveryError counts as transient (network, bug). */
export function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(message || 'send failed', 'transient');
}
