import type { Db } from '../db/schema';
import { type CheckInDue, cadenceTiers } from '../domain/timeline';
import { accountsPastCadence } from '../store/check-ins';
import { type AppContext, localDay } from './context';

const DAY_MS = 86_400_000;

/**
 * Every account past its tier's touch cadence at `now` (settings.cadence), most overdue
 * first; `owner` keeps one person's. A touchpoint (/touch) or a chat message logged to the
 * account resets the clock; a note does not (it is about the account, not a conversation with
 * the customer). One set-based statement, whatever the number of accounts.
 */
export async function checkInsDue(
  ctx: AppContext,
  now: Date,
  o: { owner?: string; db?: Db } = {},
): Promise<CheckInDue[]> {
  const rows = await accountsPastCadence(
    o.db ?? ctx.db,
    now,
    cadenceTiers(ctx.config.settings.cadence),
    o.owner,
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    name: r.name,
    owner: r.owner_email,
    tier: r.tier,
    cadenceDays: r.cadence_days,
    lastTouchAt: r.last_touch_at,
    overdueDays: Math.max(
      0,
      Math.floor((now.getTime() - r.since.getTime()) / DAY_MS) - r.cadence_days,
    ),
  }));
}

/** The team's day of an account's last touch, as the rule and the cards show it. */
export function lastTouchDay(ctx: AppContext, due: CheckInDue): string | null {
  return due.lastTouchAt ? localDay(ctx, due.lastTouchAt) : null;
}
