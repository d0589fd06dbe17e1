import { sql } from 'kysely';
import { addDays } from '../domain/dates';
import { computeHealthFacts } from '../domain/health';
import { dayIn } from '../domain/time-zone';
import { hasTicketData, loadHealthInputs, scoredAccounts } from '../store/health-inputs';
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

/** Accounts read, scored and saved together: one save statement each (see saveSnapshots). */
const SLICE = 5000;

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
 * Recomputes daily health snapshots, a slice of accounts at a time (memory stays flat at any
 * number of accounts): three set-based queries load a slice's inputs, the pure engine scores
 * them, and one statement saves them. The next slice's reads are sent before this slice is
 * scored, so Postgres reads while JavaScript scores (and, on a pool, while the previous
 * slice is saved). Each day's writes are one transaction, so a failure never leaves a day
 * half-written.
 */
export async function recomputeHealth(
  ctx: AppContext,
  options: RecomputeOptions = {},
): Promise<RecomputeReport> {
  const today = options.day ?? dayIn(ctx.clock.now(), ctx.config.settings.timezone);
  const settings = ctx.config.settings.health;
  const backfill = Math.max(0, options.backfillDays ?? 0);
  const ids = options.accountIds;
  let snapshots = 0;
  let scored = 0;
  for (let offset = backfill; offset >= 0; offset--) {
    const day = addDays(today, -offset);
    // Cleared before reading, so data that lands while we compute marks its account again.
    if (offset === 0) await markStale(ctx, ids, false);
    try {
      const n = await ctx.db.transaction().execute(async (trx) => {
        const [accounts, tickets] = await Promise.all([
          scoredAccounts(trx, ids),
          hasTicketData(trx),
        ]);
        // On a Postgres pool the reads run on their own connection, beside the saves; PGlite
        // has one connection, which the transaction holds.
        const reader = ctx.config.database.kind === 'postgres' ? ctx.db : trx;
        const read = (from: number) =>
          loadHealthInputs(reader, day, accounts.slice(from, from + SLICE), {
            npsWindowDays: settings.sentiment.npsWindowDays,
            hasTicketData: tickets,
            exact: ids !== undefined,
          });
        let next = read(0);
        let saving: Promise<void> = Promise.resolve();
        for (let from = 0; from < accounts.length; from += SLICE) {
          const inputs = await next;
          // Sent before this slice is scored: Postgres reads while JavaScript scores.
          if (from + SLICE < accounts.length) next = read(from + SLICE);
          // Handled here so a failure while this slice is scored is not "unhandled"; the
          // await below still throws it and rolls the day back.
          next.catch(() => {});
          const rows: SnapshotRow[] = [];
          for (const [accountId, input] of inputs) {
            rows.push({ accountId, day, health: computeHealthFacts(input, settings) });
          }
          await saving;
          saving = saveSnapshots(trx, rows, ctx.clock.now());
          saving.catch(() => {});
        }
        await saving;
        return accounts.length;
      });
      snapshots += n;
      scored = Math.max(scored, n);
    } catch (error) {
      if (offset === 0) await markStale(ctx, ids, true).catch(() => {});
      throw error;
    }
  }
  return { accounts: scored, days: backfill + 1, snapshots };
}
