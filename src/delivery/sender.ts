import type { Card } from '../cards/model';

/**
 * What the outbox worker needs from a platform. Slack's lives in src/chat/slack/sender.ts;
 * Teams adds its own. A sender does one call and throws DeliveryError; retries, pacing and
 * bookkeeping are the worker's.
 */
export interface Sender {
  /**
   * Posts a card to a channel (or a user id, for a direct message); returns an opaque ref.
   * `outboxId` names the outbox row, for a platform that can carry it on the message (Slack's
   * message metadata) so that `findPost` can recognise the post later.
   */
  post(channelId: string, card: Card, tag?: PostTag): Promise<{ messageRef: string }>;
  /** Rewrites a posted card in place, e.g. "Acknowledged by @jane at 10:02". */
  update(messageRef: string, card: Card): Promise<void>;
  /**
   * Looks on the platform for the post an earlier try of this outbox row may have made
   * (posted no earlier than `since`): its ref, or null when there is none. Throws
   * CannotLookUp when the platform will not say (a missing scope), a DeliveryError when the
   * look-up itself failed. Absent where the platform cannot look (Teams has no history API
   * for bots): there an unknown outcome is posted again.
   */
  findPost?(channelId: string, tag: PostTag, since: Date): Promise<{ messageRef: string } | null>;
  /**
   * Replies in the thread of a posted card (Slack thread, Teams reply chain); returns the
   * reply's own ref. `parentRef` is the parent post's ref, known only once it was sent. The
   * tag, as for `post`, lets `findReply` recognise the reply later.
   */
  reply?(parentRef: string, card: Card, tag?: PostTag): Promise<{ messageRef: string }>;
  /**
   * As `findPost`, for a thread reply: a channel's history holds no replies, so the look-up
   * reads the parent's thread. Absent where the platform cannot look.
   */
  findReply?(parentRef: string, tag: PostTag, since: Date): Promise<{ messageRef: string } | null>;
}

/**
 * How long one platform call may take before it counts as a failed try whose outcome is
 * unknown: the outbox worker's bound on every call, and the Slack sender's own HTTP timeout
 * (one number, so what the README states is what both do; they once said 15 s and 10 s).
 */
export const SEND_TIMEOUT_MS = 15_000;

export interface PostTag {
  outboxId: number;
}

/** The platform refuses to look (missing scope, not in the channel): post again instead. */
export class CannotLookUp extends Error {
  constructor(readonly reason: string) {
    super(`cannot look for an earlier post: ${reason}`);
    this.name = 'CannotLookUp';
  }
}

export type Senders = Record<string, Sender>;

export type DeliveryErrorKind = 'rate_limited' | 'transient' | 'permanent';

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: DeliveryErrorKind,
    /** From Retry-After on a 429. */
    readonly retryAfterMs?: number,
    /**
     * Whether the platform may have acted anyway: a timeout or a dropped connection after the
     * request left (true by default for transient errors). A platform's own refusal, a 429 or
     * a refused connection say it did not.
     */
    readonly maybeSent: boolean = kind === 'transient',
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * Anything a sender throws that is not a DeliveryError counts as transient (network, bug),
 * with an unknown outcome.
 */
export function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(message || 'send failed', 'transient');
}
