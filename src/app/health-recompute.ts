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

export interface RecomputeReport {
  accounts: number;
  days: number;
  snapshots: number;
}

/**
 * Recomputes daily health snapshots: per day, four set-based queries load every account's
 * inputs, the pure engine scores them, and one statement per 5,000 accounts saves them.
 * Each day is one transaction, so a failure never leaves a day half-written.
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
    await ctx.db.transaction().execute(async (trx) => {
      const inputs = await loadHealthInputs(trx, day, {
        ...(options.accountIds ? { accountIds: options.accountIds } : {}),
        npsWindowDays: settings.sentiment.npsWindowDays,
      });
      const rows: SnapshotRow[] = [];
      for (const [accountId, input] of inputs) {
        rows.push({ accountId, day, result: computeHealth(input, settings) });
        accounts.add(accountId);
      }
      await saveSnapshots(trx, rows, ctx.clock.now());
      snapshots += rows.length;
      if (offset === 0) {
        const ids = [...inputs.keys()];
        await sql`update accounts set health_stale = false where id = any(${ids}::bigint[])`.execute(
          trx,
        );
      }
    });
  }
  return { accounts: accounts.size, days: backfill + 1, snapshots };
}
