import { alertCard } from '../cards/alert-card';
import type { Card } from '../cards/model';
import type { Db } from '../db/schema';
import type { Account } from '../db/tables/accounts';
import type { Alert } from '../db/tables/alerts';
import { enqueue } from '../store/outbox';
import type { Actor } from './alert-actions';
import { alertKey, cardView } from './alerts';
import type { AppContext } from './context';

/**
 * An assignment reaches the assignee: a direct message (Slack DM, Teams personal chat) with the
 * alert's card and its buttons, saying who assigned it. Its dedupe key is one of the alert's
 * posts, so later actions on the alert rewrite this copy too. Assigning oneself sends nothing.
 */
export async function notifyAssignee(
  ctx: AppContext,
  db: Db,
  alert: Alert,
  account: Account,
  assignee: { id: string; name: string },
  actor: Actor,
  lastAction: string,
  eventId: number,
  now: Date,
): Promise<number> {
  if (assignee.id === actor.id) return 0;
  const card = alertCard(cardView(ctx, alert, account, { lastAction }));
  const told: Card = {
    ...card,
    fallback: `${actor.name} assigned you an alert: ${card.fallback}`,
    blocks: [
      { type: 'status', text: [{ text: `${actor.name} assigned this alert to you.` }] },
      ...card.blocks,
    ],
  };
  return enqueue(
    db,
    [
      {
        platform: actor.platform,
        channelId: assignee.id,
        dedupeKey: `${alertKey(alert.id)}post:assigned:${eventId}:${actor.platform}:${assignee.id}`,
        payload: { op: 'post', kind: 'alert', card: told },
        accountId: alert.account_id,
        alertId: alert.id,
      },
    ],
    now,
  );
}
