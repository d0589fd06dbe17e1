import { type CatchUpItem, catchUpCard } from '../cards/catch-up-card';
import type { Card } from '../cards/model';
import type { Platform } from '../db/tables/chat';
import { minutesUntilBack } from '../domain/routing';
import { minuteOfDayIn } from '../domain/time-zone';
import { enqueue } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { releaseAwayAlerts } from '../store/routing';
import { knownLocale } from './chat-users';
import type { AppContext } from './context';
import type { PersonTarget } from './delivery-targets';
import { defaultLocale } from './languages';

export interface HeldAlert {
  platform: Platform;
  userId: string;
  alertId: number;
  awayUntil: Date;
}

/**
 * When a person away now (quiet hours, or outside working hours, on their own clock) is back:
 * the start of the minute their away time ends. The same for every replica and run inside one
 * away window, so the window's held alerts share one catch-up. Null: not away.
 */
export function awayUntilOf(ctx: AppContext, person: PersonTarget, now: Date): Date | null {
  if (!person.work && !person.quiet) return null;
  const zone = person.timeZone ?? ctx.config.settings.timezone;
  const minutes = minutesUntilBack(minuteOfDayIn(now, zone), person);
  if (minutes === null) return null;
  const minuteStart = now.getTime() - (now.getTime() % 60_000);
  return new Date(minuteStart + minutes * 60_000);
}

export interface CatchUpSummary {
  people: number;
  alerts: number;
}

/**
 * The catch-up step (with the digest job, every minute): DMs held while people were away go out
 * as one "While you were away" message per person and away window, once. Rows are claimed and
 * marked released in one transaction (another replica skips them), and the message's dedupe
 * key names the person and the window, so even a run repeated after a crash posts it once.
 */
export async function runCatchUps(ctx: AppContext): Promise<CatchUpSummary> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await releaseAwayAlerts(trx, now);
    const groups = new Map<
      string,
      { platform: Platform; userId: string; until: Date; items: CatchUpItem[] }
    >();
    for (const r of rows) {
      const key = `${r.platform}:${r.user_id}:${r.away_until.toISOString()}`;
      const g = groups.get(key) ?? {
        platform: r.platform,
        userId: r.user_id,
        until: r.away_until,
        items: [],
      };
      g.items.push({
        accountId: r.account_id,
        accountName: r.account_name,
        summary: r.summary,
        status: r.status,
      });
      groups.set(key, g);
    }
    const messages: NewMessage<Card>[] = [];
    for (const g of groups.values()) {
      // The person's own language (their chat profile), else the default.
      const known = await knownLocale({ ...ctx, db: trx }, g.platform, g.userId);
      const locale = known?.locale ?? defaultLocale(ctx);
      messages.push({
        platform: g.platform,
        channelId: g.userId,
        dedupeKey: `catch-up:${g.platform}:${g.userId}:${g.until.toISOString()}`,
        payload: { op: 'post', kind: 'catch-up', card: catchUpCard(g.items, locale) },
      });
    }
    await enqueue(trx, messages, now);
    return { people: groups.size, alerts: rows.length };
  });
}
