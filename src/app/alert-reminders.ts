import { alertCard } from '../cards/alert-card';
import type { Card } from '../cards/model';
import { getAccount } from '../store/accounts';
import { claimReminders } from '../store/alert-reminders';
import { episodeSignals } from '../store/alerts';
import { enqueue } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { replyInThread } from './alert-thread';
import { alertKey, cardView } from './alerts';
import type { AppContext } from './context';

export interface ReminderSummary {
  reminded: number;
  messages: number;
}

/**
 * An acknowledged alert nobody followed up (no follow-up logged, no note) within
 * alerts.remindAfterHours reminds its assignee (else whoever acknowledged it) once: a direct
 * message with the card and its buttons, and a line in the card's thread. Runs with the
 * escalation job (every 15 minutes).
 */
export async function runReminderJob(ctx: AppContext): Promise<ReminderSummary> {
  const now = ctx.clock.now();
  const hours = ctx.config.settings.alerts.remindAfterHours;
  const cutoff = new Date(now.getTime() - hours * 3_600_000);
  return ctx.db.transaction().execute(async (trx) => {
    const claims = await claimReminders(trx, cutoff, now);
    if (claims.length === 0) return { reminded: 0, messages: 0 };
    const signals = await episodeSignals(
      trx,
      claims.map((c) => c.alert.id),
    );
    const messages: NewMessage<Card>[] = [];
    for (const c of claims) {
      const account = await getAccount(trx, c.alert.account_id);
      if (!account) continue;
      const line = `Reminder: acknowledged ${hours} h ago and nothing logged since. Log a follow-up or a note, or resolve it.`;
      const card = alertCard(cardView(ctx, c.alert, account, { signals: signals.get(c.alert.id) }));
      const told: Card = {
        ...card,
        fallback: `Reminder: ${card.fallback}`,
        blocks: [{ type: 'status', text: [{ text: line }] }, ...card.blocks],
      };
      messages.push({
        platform: c.platform,
        channelId: c.userId,
        dedupeKey: `${alertKey(c.alert.id)}post:reminder:${c.platform}:${c.userId}`,
        payload: { op: 'post', kind: 'alert-reminder', card: told },
        accountId: c.alert.account_id,
        alertId: c.alert.id,
      });
      await replyInThread(
        trx,
        c.alert,
        [
          {
            text: `Reminder sent to ${c.name}: nothing logged in ${hours} h since it was acknowledged`,
            tag: 'reminder',
            mode: 'now',
          },
        ],
        now,
      );
    }
    await enqueue(trx, messages, now);
    return { reminded: claims.length, messages: messages.length };
  });
}
