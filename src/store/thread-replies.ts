import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { OutboxRow } from '../db/tables/operations';
import type { OutboxPayload } from './outbox-message';

/**
 * A thread reply still held back (not due before `notBefore`) under a parent post: a state
 * change within the hold joins it instead of adding a reply. Locked for the transaction.
 */
export async function heldReply(
  db: Db,
  alertId: number,
  parentKey: string,
  kind: string,
  notBefore: Date,
): Promise<OutboxRow | undefined> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('alert_id', '=', alertId)
    .where('kind', '=', kind)
    .where('status', '=', 'pending')
    .where('ready_at', '>', notBefore)
    .where(sql<boolean>`payload->>'op' = 'reply' and payload->>'of' = ${parentKey}`)
    .orderBy('id', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

/** Rewrites what a held message will say (only while it is still pending). */
export async function rewriteHeld(
  db: Db,
  id: number,
  payload: OutboxPayload<unknown>,
): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set({ payload: JSON.stringify(payload) })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
