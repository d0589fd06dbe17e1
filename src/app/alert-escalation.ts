import { sql } from 'kysely';
import { alertCard } from '../cards/alert-card';
import { t } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import { claimEscalations, episodeSignals } from '../store/alerts';
import { enqueue } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { replyInThread } from './alert-thread';
import { alertKey, cardView } from './alerts';
import type { AppContext } from './context';
import type { Target } from './delivery-targets';

/** 'C0123' is a Slack channel; 'teams:<conversation id>' or 'slack:C0123' say which. */
export function escalationTarget(channel: string | undefined): Target | null {
  if (!channel) return null;
  const m = /^(slack|teams|local):(.+)$/.exec(channel);
  return m
    ? { platform: m[1] as string, channelId: m[2] as string }
    : { platform: 'slack', channelId: channel };
}

export interface EscalationSummary {
  escalated: number;
  messages: number;
  /** Set when escalations happened but no escalation channel is configured. */
  note?: string;
}

/**
 * Alerts open and unacknowledged past alerts.escalateAfterHours go to the escalation channel,
 * once: escalated_at is set in the same transaction that enqueues the message.
 */
export async function runEscalateJob(ctx: AppContext): Promise<EscalationSummary> {
  const now = ctx.clock.now();
  const { escalateAfterHours, escalationChannel } = ctx.config.settings.alerts;
  const target = escalationTarget(escalationChannel);
  const cutoff = new Date(now.getTime() - escalateAfterHours * 3_600_000);
  return ctx.db.transaction().execute(async (trx) => {
    const alerts = await claimEscalations(trx, cutoff, now);
    if (alerts.length === 0) return { escalated: 0, messages: 0 };
    const ids = alerts.map((a) => a.id);
    await sql`
      insert into alert_events (alert_id, action, actor, platform, details, at)
      select id, 'escalated', 'tend', 'tend', '{}'::jsonb, ${now}::timestamptz
      from unnest(${ids}::bigint[]) as t(id)`.execute(trx);
    if (!target) {
      ctx.log.warn({ alerts: ids.length }, 'alerts to escalate but alerts.escalationChannel unset');
      return { escalated: alerts.length, messages: 0, note: 'no_escalation_channel' };
    }
    const accountIds = [...new Set(alerts.map((a) => a.account_id))];
    const accounts = await trx
      .selectFrom('accounts')
      .select(['id', 'name', 'owner_email', 'arr', 'renewal_date'])
      .where('id', 'in', accountIds)
      .execute();
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const signals = await episodeSignals(trx, ids);
    const messages: NewMessage<Card>[] = [];
    for (const alert of alerts) {
      const account = byId.get(alert.account_id);
      if (!account) continue;
      const card = alertCard(
        cardView(ctx, alert, account, {
          escalated: { afterHours: escalateAfterHours },
          signals: signals.get(alert.id),
        }),
      );
      messages.push({
        ...target,
        dedupeKey: `${alertKey(alert.id)}post:escalation:${target.platform}:${target.channelId}`,
        payload: { op: 'post', kind: 'escalation', card },
        accountId: alert.account_id,
        alertId: alert.id,
      });
    }
    await enqueue(trx, messages, now);
    // The card's own thread tells the escalation too.
    for (const alert of alerts) {
      await replyInThread(
        trx,
        alert,
        [
          {
            text: (l) => t(l, 'alert.escalated', { hours: escalateAfterHours }),
            tag: 'escalated',
            mode: 'now',
          },
        ],
        now,
        ctx.config.settings.language,
      );
    }
    return { escalated: alerts.length, messages: messages.length };
  });
}
