import { z } from 'zod';
import type { Card } from '../cards/model';

/**
 * What an outbox row asks for: post a card to its channel, or rewrite a card posted before
 * (found through the dedupe key of the post, whose row keeps the platform's message ref).
 */
export type OutboxPayload =
  | { op: 'post'; kind: string; card: Card }
  | { op: 'update'; kind: string; of: string; card: Card }
  /** A reply in the thread of a post (found through its dedupe key, like an update). */
  | { op: 'reply'; kind: string; of: string; card: Card };

const cardShape = z.object({
  title: z.string(),
  fallback: z.string(),
  blocks: z.array(z.looseObject({ type: z.string() })),
});

const payloadSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('post'), kind: z.string(), card: cardShape }),
  z.object({ op: z.literal('update'), kind: z.string(), of: z.string(), card: cardShape }),
  z.object({ op: z.literal('reply'), kind: z.string(), of: z.string(), card: cardShape }),
]);

/** Rows outlive deployments: a payload written by an older version is checked, not trusted. */
export function parsePayload(value: unknown): OutboxPayload {
  return payloadSchema.parse(value) as OutboxPayload;
}

export interface NewMessage {
  platform: string;
  channelId: string;
  dedupeKey: string;
  payload: OutboxPayload;
  /** The account the message is about, if one (purge deletes by it). */
  accountId?: number;
  /** The alert the message shows, if one (a click rewrites every post of it). */
  alertId?: number;
  /** Not before this instant (default: now). */
  notBefore?: Date;
}
