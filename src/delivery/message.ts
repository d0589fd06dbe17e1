import { z } from 'zod';
import type { Card } from '../cards/model';
import type { OutboxPayload } from '../store/outbox-message';

/** A stored outbox payload as the worker sends it: the card is the card model. */
export type CardPayload = OutboxPayload<Card>;

const cardShape = z.object({
  title: z.string(),
  fallback: z.string(),
  // Each block is checked for its type and passed on as it is: a loose object schema copied
  // every key of every block, on every message sent.
  blocks: z.array(
    z.custom<{ type: string }>(
      (b) =>
        typeof b === 'object' &&
        b !== null &&
        !Array.isArray(b) &&
        typeof (b as { type?: unknown }).type === 'string',
      { message: 'a block needs a type' },
    ),
  ),
});

const payloadSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('post'), kind: z.string(), card: cardShape }),
  z.object({ op: z.literal('update'), kind: z.string(), of: z.string(), card: cardShape }),
  z.object({ op: z.literal('reply'), kind: z.string(), of: z.string(), card: cardShape }),
]);

/** Rows outlive deployments: a payload written by an older version is checked, not trusted. */
export function parsePayload(value: unknown): CardPayload {
  return payloadSchema.parse(value) as CardPayload;
}
