import { sql } from 'kysely';
import { alertCard } from '../cards/alert-card';
import { t } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import type { Db } from '../db/schema';
import type { Account } from '../db/tables/accounts';
import type { Alert, AlertStatus } from '../db/tables/alerts';
import type { Msg } from '../domain/locale';
import { TendError } from '../errors';
import { appendAlertEvent, updateAlert } from '../store/alerts';
import { enqueue, postsOfAlert } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import type { Actor } from './alert-actions';
import { replyInThread } from './alert-thread';
import { alertKey, cardView } from './alerts';
import type { AppContext } from './context';

/** How long "Mark churned" can be taken back: long enough to notice a slip of the mouse. */
export const CHURN_UNDO_MS = 10 * 60_000;

/** Why alerts were closed by a churn; the history says it, and Undo finds them by it. */
export const CHURN_REASON = 'churned';

/**
 * A churned account has nothing left to watch: its unresolved alerts (renewal at risk, usage
 * decline, …) are resolved with the reason "churned", each in its history, and every posted
 * copy of their cards is rewritten. Returns how many were resolved.
 */
export async function resolveAlertsForChurn(
  ctx: AppContext,
  trx: Db,
  account: Account,
  actor: Actor,
  now: Date,
  requestKey: string,
): Promise<number> {
  const open = await trx
    .selectFrom('alerts')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('status', '<>', 'resolved')
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const alert of open) {
    const event = await appendAlertEvent(trx, {
      alertId: alert.id,
      action: 'resolve',
      actor: actor.id,
      platform: actor.platform,
      details: { name: actor.name, reason: CHURN_REASON, was: alert.status },
      at: now,
      requestKey: `${requestKey}:churn:${alert.id}`,
    });
    if (!event) continue;
    const updated = await updateAlert(trx, alert.id, {
      status: 'resolved',
      resolved_at: now,
      resolved_by: `${actor.name} (account churned)`,
    });
    await enqueueAlertUpdates(ctx, trx, updated, account, `churn:${event.id}`, now);
    await replyInThread(
      trx,
      updated,
      [
        {
          text: (l) => t(l, 'thread.resolvedChurned', { who: actor.name }),
          tag: `event:${event.id}`,
          mode: 'collapse',
        },
      ],
      now,
      ctx.config.settings.language,
    );
  }
  return open.length;
}

/**
 * Undo of a churn: the alerts it resolved (and only those still resolved since) go back to
 * what they were, each with a "reopen" in its history. Returns how many were reopened.
 */
export async function reopenAlertsAfterChurnUndo(
  ctx: AppContext,
  trx: Db,
  account: Account,
  churnedAt: Date,
  actor: Actor,
  now: Date,
  requestKey: string,
): Promise<number> {
  const { rows } = await sql<{ id: number; was: AlertStatus }>`
    select al.id, e.details->>'was' as was
    from alerts al
    join alert_events e on e.alert_id = al.id and e.action = 'resolve'
      and e.details->>'reason' = ${CHURN_REASON} and e.at >= ${churnedAt}
    where al.account_id = ${account.id} and al.status = 'resolved'
      and al.resolved_at = e.at
    order by al.id
    for update of al`.execute(trx);
  for (const row of rows) {
    const event = await appendAlertEvent(trx, {
      alertId: row.id,
      action: 'reopen',
      actor: actor.id,
      platform: actor.platform,
      details: { name: actor.name, reason: 'churn undone' },
      at: now,
      requestKey: `${requestKey}:unchurn:${row.id}`,
    });
    if (!event) continue;
    const status: AlertStatus = row.was === 'acknowledged' ? 'acknowledged' : 'open';
    const updated = await updateAlert(trx, row.id, {
      status,
      resolved_at: null,
      resolved_by: null,
    });
    await enqueueAlertUpdates(ctx, trx, updated, account, `unchurn:${event.id}`, now);
    await replyInThread(
      trx,
      updated,
      [
        {
          text: (l) => t(l, 'thread.reopenedUnchurn', { who: actor.name }),
          tag: `event:${event.id}`,
          mode: 'collapse',
        },
      ],
      now,
      ctx.config.settings.language,
    );
  }
  return rows.length;
}

/** When the churn being undone was recorded, or an answer saying why it cannot be undone. */
export async function churnToUndo(
  trx: Db,
  account: Account,
  renewalDate: string,
  now: Date,
): Promise<{ at: Date } | { refused: Msg }> {
  if (account.status !== 'churned') {
    return { refused: { key: 'renewal.notChurned', params: { name: account.name } } };
  }
  const event = await trx
    .selectFrom('renewal_events')
    .select(['id', 'at'])
    .where('account_id', '=', account.id)
    .where('renewal_date', '=', renewalDate)
    .where('kind', '=', 'churned')
    .orderBy('at', 'desc')
    .executeTakeFirst();
  if (!event) {
    const msg = { key: 'renewal.noChurnRecorded', params: { name: account.name } };
    throw new TendError('churn_not_found', `no churn recorded for ${account.name}`, 1, msg);
  }
  if (now.getTime() - event.at.getTime() > CHURN_UNDO_MS) {
    return { refused: { key: 'renewal.undoTooLate', params: { minutes: CHURN_UNDO_MS / 60_000 } } };
  }
  // The outcome goes: reports count only churns that stood.
  await trx.deleteFrom('renewal_events').where('id', '=', event.id).execute();
  return { at: event.at };
}

async function enqueueAlertUpdates(
  ctx: AppContext,
  db: Db,
  alert: Alert,
  account: Account,
  tag: string,
  now: Date,
): Promise<void> {
  const posts = (await postsOfAlert(db, alert.id)).filter((p) => p.status !== 'failed');
  const messages: NewMessage<Card>[] = posts.map((p) => ({
    platform: p.platform,
    channelId: p.channel_id,
    // Keyed by the post: an escalation copy in the same channel needs its own rewrite.
    dedupeKey: `${alertKey(alert.id)}update:${tag}:${p.id}`,
    payload: {
      op: 'update',
      kind: 'alert',
      of: p.dedupe_key,
      card: alertCard(
        cardView(ctx, alert, account, {
          ...(p.kind === 'escalation'
            ? { escalated: { afterHours: ctx.config.settings.alerts.escalateAfterHours } }
            : {}),
        }),
      ),
    },
    accountId: alert.account_id,
    alertId: alert.id,
  }));
  await enqueue(db, messages, now);
}
