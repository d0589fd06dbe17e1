import { computeHealthFacts } from '../domain/health';
import { activityOnDays, usageAggregatesOn, usageSeries } from '../store/health-history';
import { hasTicketData, loadHealthInputs, scoredAccounts } from '../store/health-inputs';
import { type SnapshotRow, saveSnapshots } from '../store/health-snapshots';
import type { AppContext } from './context';
import { markStale } from './health-recompute';

/** Accounts scored together: their usage over every day's window is held in memory at once. */
const SLICE = 2000;

/**
 * Health snapshots of every active account on each of `days` (oldest first; the last one is
 * today's, which clears the stale flags as recomputeHealth does for today): what seeding the
 * demo needs, the same snapshots as recomputeHealth day by day (tests/integration/
 * seed-history.test.ts) at a fraction of the cost. Each slice of accounts reads its usage rows
 * once and aggregates each day's window in JavaScript (usageAggregatesOn), instead of Postgres
 * aggregating ~60 rows per account again for every day; tickets and surveys of all the days
 * are two statements (activityOnDays); each slice's snapshots are saved in one transaction.
 */
export async function scoreHistory(ctx: AppContext, days: readonly string[]): Promise<number> {
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return 0;
  // Cleared before reading, as recomputeHealth does (and set again if scoring fails).
  await markStale(ctx, undefined, false);
  try {
    return await scoreSlices(ctx, days, first, last);
  } catch (error) {
    await markStale(ctx, undefined, true).catch(() => {});
    throw error;
  }
}

async function scoreSlices(
  ctx: AppContext,
  days: readonly string[],
  first: string,
  last: string,
): Promise<number> {
  const settings = ctx.config.settings.health;
  const [accounts, tickets] = await Promise.all([scoredAccounts(ctx.db), hasTicketData(ctx.db)]);
  let snapshots = 0;
  for (let from = 0; from < accounts.length; from += SLICE) {
    const slice = accounts.slice(from, from + SLICE);
    const ids = { first: slice[0]!.id, last: slice[slice.length - 1]!.id };
    snapshots += await ctx.db.transaction().execute(async (trx) => {
      const options = { npsWindowDays: settings.sentiment.npsWindowDays, hasTicketData: tickets };
      const [usage, activity] = await Promise.all([
        usageSeries(trx, ids, { first, last }),
        activityOnDays(trx, ids, days, options),
      ]);
      const rows: SnapshotRow[] = [];
      for (const day of days) {
        const inputs = await loadHealthInputs(trx, day, slice, usageAggregatesOn(usage, day), {
          ...options,
          activity: activity.get(day) ?? { tickets: [], surveys: [] },
        });
        for (const [accountId, input] of inputs) {
          rows.push({ accountId, day, health: computeHealthFacts(input, settings) });
        }
      }
      await saveSnapshots(trx, rows, ctx.clock.now());
      return rows.length;
    });
  }
  return snapshots;
}
