import { sql } from 'kysely';
import type { DB } from '../db/schema';
import { addDays } from '../domain/dates';
import { computeHealthFacts } from '../domain/health';
import { dayIn } from '../domain/time-zone';
import {
  closeUsageCursor,
  fetchUsage,
  hasTicketData,
  loadHealthInputs,
  openUsageCursor,
  scoredAccounts,
} from '../store/health-inputs';
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

/**
 * Rows are locked in id order first, the order every ingest write takes them in
 * (store/ingest-activity.ts), so a recompute and a concurrent batch cannot deadlock.
 */
export async function markStale(ctx: AppContext, ids: number[] | undefined, stale: boolean) {
  const only = ids ? sql`and id = any(${ids}::bigint[])` : sql``;
  await sql`update accounts a set health_stale = ${stale}
    from (select id from accounts where health_stale <> ${stale} ${only}
      order by id for no key update) l
    where a.id = l.id and a.health_stale <> ${stale}`.execute(ctx.db);
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
  const backfill = Math.max(0, options.backfillDays ?? 0);
  const ids = options.accountIds;
  let snapshots = 0;
  let scored = 0;
  for (let offset = backfill; offset >= 0; offset--) {
    const day = addDays(today, -offset);
    // Cleared before reading, so data that lands while we compute marks its account again.
    if (offset === 0) await markStale(ctx, ids, false);
    try {
      const n = await inDayTransactions(ctx, (reader, side, writer) =>
        recomputeDay(ctx, day, ids, reader, side, writer),
      );
      snapshots += n;
      scored = Math.max(scored, n);
    } catch (error) {
      if (offset === 0) await markStale(ctx, ids, true).catch(() => {});
      throw error;
    }
  }
  return { accounts: scored, days: backfill + 1, snapshots };
}

/**
 * Runs a day with the usage cursor on `reader`, the small per-slice reads on `side` and the
 * snapshot writes in `writer`'s transaction. On a Postgres pool these are three connections
 * working side by side (the cursor's transaction only reads); PGlite has one connection, so
 * all three are the day's one transaction.
 */
async function inDayTransactions(
  ctx: AppContext,
  run: (reader: DB, side: DB, writer: DB) => Promise<number>,
): Promise<number> {
  if (ctx.config.database.kind !== 'postgres') {
    return ctx.db.transaction().execute((trx) => run(trx, trx, trx));
  }
  return ctx.db
    .transaction()
    .execute((reader) => ctx.db.transaction().execute((writer) => run(reader, ctx.db, writer)));
}

async function recomputeDay(
  ctx: AppContext,
  day: string,
  ids: number[] | undefined,
  reader: DB,
  side: DB,
  writer: DB,
): Promise<number> {
  const settings = ctx.config.settings.health;
  const [accounts, tickets] = await Promise.all([scoredAccounts(side, ids), hasTicketData(side)]);
  await openUsageCursor(reader, day, ids);
  let next = fetchUsage(reader, SLICE);
  let saving: Promise<void> = Promise.resolve();
  let from = 0;
  while (from < accounts.length) {
    const usage = await next;
    const done = usage.length < SLICE;
    // Fetched before this slice is scored: Postgres aggregates while JavaScript scores.
    if (!done) next = fetchUsage(reader, SLICE);
    // Handled here so a failure while this slice is scored is not "unhandled"; the await
    // above still throws it and rolls the day back.
    next.catch(() => {});
    // The slice: every account up to the last one with usage fetched (all that remain at the
    // end), so accounts without usage are scored too.
    const last = done ? Number.POSITIVE_INFINITY : (usage[usage.length - 1]?.account_id ?? 0);
    let to = from;
    while (to < accounts.length && (accounts[to]?.id ?? 0) <= last) to++;
    const inputs = await loadHealthInputs(side, day, accounts.slice(from, to), usage, {
      npsWindowDays: settings.sentiment.npsWindowDays,
      hasTicketData: tickets,
      exact: ids !== undefined,
    });
    from = to;
    const rows: SnapshotRow[] = [];
    for (const [accountId, input] of inputs) {
      rows.push({ accountId, day, health: computeHealthFacts(input, settings) });
    }
    await saving;
    saving = saveSnapshots(writer, rows, ctx.clock.now());
    saving.catch(() => {});
    if (done && from >= accounts.length) break;
  }
  await saving;
  await closeUsageCursor(reader);
  return accounts.length;
}
