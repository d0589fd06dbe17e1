import type { Card } from '../cards/model';
import { renewalCard } from '../cards/renewal-card';
import { daysBetween } from '../domain/dates';
import { dueWindow } from '../domain/renewals';
import { enqueue } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { recordReminders, renewalsWithin } from '../store/renewals';
import { postLocales } from './alert-thread';
import { notBeforeFor } from './away';
import { type AppContext, localDay } from './context';
import { targetResolver } from './delivery-targets';

export const renewalKey = (accountId: number, renewalDate: string) =>
  `renewal:${accountId}:${renewalDate}:`;

export interface RenewalRunSummary {
  day: string;
  candidates: number;
  reminders: number;
  messages: number;
}

/**
 * The renewal job: for every account renewing within the widest window, the tightest window
 * it is inside is recorded once per (account, renewal date, window) — the unique index is the
 * judge — and only newly recorded reminders are enqueued, in the same transaction.
 */
export async function runRenewalJob(ctx: AppContext): Promise<RenewalRunSummary> {
  const now = ctx.clock.now();
  const day = localDay(ctx, now);
  const windows = ctx.config.settings.reminders.windows;
  return ctx.db.transaction().execute(async (trx) => {
    const candidates = await renewalsWithin(trx, day, Math.max(...windows));
    const due = candidates.flatMap((c) => {
      const window = dueWindow(c.renewal_date, day, windows);
      return window === null ? [] : [{ accountId: c.id, renewalDate: c.renewal_date, window }];
    });
    const recorded = await recordReminders(trx, due, now);
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const targets = await targetResolver(trx, 'renewals', now);
    const messages: NewMessage<Card>[] = [];
    const localeOf = await postLocales(trx);
    for (const r of recorded) {
      const c = byId.get(r.account_id);
      if (!c) continue;
      const view = {
        accountId: c.id,
        name: c.name,
        renewalDate: c.renewal_date,
        daysLeft: daysBetween(day, c.renewal_date),
        arr: c.arr,
        owner: c.owner_email,
        score: c.score,
        band: c.band,
      };
      for (const t of targets(c)) {
        // A channel's post in its language, a DM in its person's, else the default.
        const locale =
          localeOf({ platform: t.platform, channel_id: t.channelId }) ??
          ctx.config.settings.language;
        const card = renewalCard(view, locale);
        messages.push({
          platform: t.platform,
          channelId: t.channelId,
          dedupeKey: `${renewalKey(c.id, c.renewal_date)}${r.window_days}:${t.platform}:${t.channelId}`,
          payload: { op: 'post', kind: 'renewal', card },
          accountId: c.id,
          // The owner's DM waits out their quiet hours like an alert's.
          notBefore: notBeforeFor(ctx, t, now),
        });
      }
    }
    await enqueue(trx, messages, now);
    return {
      day,
      candidates: candidates.length,
      reminders: recorded.length,
      messages: messages.length,
    };
  });
}
