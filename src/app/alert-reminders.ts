import { alertCard } from '../cards/alert-card';
import { t } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import { getAccount } from '../store/accounts';
import { claimReminders } from '../store/alert-reminders';
import { episodeSignals } from '../store/alerts';
import { enqueue } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { postLocales, replyInThread } from './alert-thread';
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
    const localeOf = await postLocales(trx);
    const fallback = ctx.config.settings.language;
    for (const c of claims) {
      const account = await getAccount(trx, c.alert.account_id);
      if (!account) continue;
      // A DM: in the person's language when their platform told it, else the default.
      const locale = localeOf({ platform: c.platform, channel_id: c.userId }) ?? fallback;
      const line = t(locale, 'reminder.acknowledged', { hours });
      const card = alertCard(
        cardView(ctx, c.alert, account, { signals: signals.get(c.alert.id), locale }),
      );
      const told: Card = {
        ...card,
        fallback: t(locale, 'reminder.fallback', { fallback: card.fallback }),
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
            text: (l) => t(l, 'thread.reminderSent', { who: c.name, hours }),
            tag: 'reminder',
            mode: 'now',
          },
        ],
        now,
        fallback,
      );
    }
    await enqueue(trx, messages, now);
    return { reminded: claims.length, messages: messages.length };
  });
}
