import { alertSummary } from '../cards/alert-summary';
import { type CatchUpItem, catchUpCard } from '../cards/catch-up-card';
import type { Card } from '../cards/model';
import type { Platform } from '../db/tables/chat';
import { addDays } from '../domain/dates';
import { normalizeLocale } from '../domain/locale';
import { minutesUntilBack } from '../domain/routing';
import { localParts, localToInstant } from '../domain/schedule';
import { enqueue } from '../store/outbox';
import type { NewMessage } from '../store/outbox-message';
import { releaseAwayAlerts } from '../store/routing';
import { knownLocale } from './chat-users';
import type { AppContext } from './context';
import type { PersonTarget, Target } from './delivery-targets';
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
  const local = localParts(now, zone);
  const minute = local.hour * 60 + local.minute;
  const minutes = minutesUntilBack(minute, person);
  if (minutes === null) return null;
  // The wall-clock time they are back, turned into an instant on that local day: counting the
  // minutes forward instead would be an hour off on a night the clocks change, and two runs
  // either side of the change would name two different windows (two catch-ups).
  const back = minute + minutes;
  const hhmm = `${String(Math.floor((back % 1440) / 60)).padStart(2, '0')}:${String(back % 60).padStart(2, '0')}`;
  const at = localToInstant(addDays(local.day, Math.floor(back / 1440)), hhmm, zone);
  // A time the autumn change repeats is read as its first pass; in the second pass that is
  // behind us, so count the minutes instead.
  if (at.getTime() > now.getTime()) return at;
  return new Date(now.getTime() - (now.getTime() % 60_000) + minutes * 60_000);
}

/**
 * When a message for this target may go: a person away now gets it when they are back (a
 * renewal reminder, a loop or playbook card joins their DM queue then, beside the catch-up);
 * anything else at once (undefined).
 */
export function notBeforeFor(ctx: AppContext, target: Target, now: Date): Date | undefined {
  return (target.person && awayUntilOf(ctx, target.person, now)) || undefined;
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
        // A catch-up is a DM: the summary in the person's language.
        summary: alertSummary(
          normalizeLocale(r.locale) ?? ctx.config.settings.language,
          r.summary,
          r.summary_args,
        ),
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
