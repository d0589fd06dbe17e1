import { sql } from 'kysely';
import { addDays } from '../domain/dates';
import { computeHealth } from '../domain/health';
import { dayIn } from '../domain/time-zone';
import { loadHealthInputs } from '../store/health-inputs';
import { type SnapshotRow, saveSnapshots } from '../store/health-snapshots';
import type { AppContext } from './context';

export interface RecomputeOptions {
  /** Only these accounts (after ingestion); default every active account. */
  accountIds?: number[];
  /** Also (re)compute this many past days, oldest first, so trends have history. */
  backfillDays?: number;
  /** The day scored; default today in the configured time zone. */
  day?: string;
}

/** Accounts per save statement (see saveSnapshots). */
const SAVE_CHUNK = 5000;

async function markStale(ctx: AppContext, ids: number[] | undefined, stale: boolean) {
  await sql`update accounts set health_stale = ${stale}
    where health_stale <> ${stale} ${ids ? sql`and id = any(${ids}::bigint[])` : sql``}`.execute(
    ctx.db,
  );
}

export interface RecomputeReport {
  accounts: number;
  days: number;
  snapshots: number;
}

/**
 * Recomputes daily health snapshots: per day, five set-based queries (run side by side) load
 * every account's inputs, the pure engine scores them, and one statement per 5,000 accounts
 * saves them while the next chunk is scored. Each day's writes are one transaction, so a
 * failure never leaves a day half-written.
 */
export async function recomputeHealth(
  ctx: AppContext,
  options: RecomputeOptions = {},
): Promise<RecomputeReport> {
  const today = options.day ?? dayIn(ctx.clock.now(), ctx.config.settings.timezone);
  const settings = ctx.config.settings.health;
  const backfill = Math.max(0, options.backfillDays ?? 0);
  let snapshots = 0;
  const accounts = new Set<number>();
  for (let offset = backfill; offset >= 0; offset--) {
    const day = addDays(today, -offset);
    const ids = options.accountIds;
    // Cleared before reading, so data that lands while we compute marks its account again.
    if (offset === 0) await markStale(ctx, ids, false);
    try {
      // Read outside the write transaction so the five reads can use the pool side by side.
      const inputs = await loadHealthInputs(ctx.db, day, {
        ...(ids ? { accountIds: ids } : {}),
        npsWindowDays: settings.sentiment.npsWindowDays,
      });
      const entries = [...inputs];
      await ctx.db.transaction().execute(async (trx) => {
        // Score one chunk while Postgres stores the previous one: the two cores both work.
        let saving: Promise<void> = Promise.resolve();
        for (let i = 0; i < entries.length; i += SAVE_CHUNK) {
          const rows: SnapshotRow[] = entries
            .slice(i, i + SAVE_CHUNK)
            .map(([accountId, input]) => ({
              accountId,
              day,
              result: computeHealth(input, settings),
            }));
          for (const row of rows) accounts.add(row.accountId);
          await saving;
          saving = saveSnapshots(trx, rows, ctx.clock.now());
          // Handled here so a failure while the next chunk is scored is not "unhandled";
          // the await above or below still throws it and rolls the day back.
          saving.catch(() => {});
          // Let the insert reach the socket before the next chunk's scoring holds the thread.
          await new Promise((resolve) => setImmediate(resolve));
        }
        await saving;
      });
      snapshots += entries.length;
    } catch (error) {
      if (offset === 0) await markStale(ctx, ids, true).catch(() => {});
      throw error;
    }
  }
  return { accounts: accounts.size, days: backfill + 1, snapshots };
}
