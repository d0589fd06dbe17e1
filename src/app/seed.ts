import { addDays, isoDayFromDate } from '../domain/dates';
import { externalIdOf, generateDemo, STORIES } from '../domain/demo';
import { appendAudit } from '../store/audit-log';
import {
  countAccounts,
  type DemoCounts,
  deleteAllAccounts,
  insertDemoData,
  scoresOn,
  skipReferenceChecks,
} from '../store/demo';
import type { AppContext } from './context';
import { scoreHistory } from './health-history';
import { userError } from './user-error';

export interface SeedOptions {
  accounts: number;
  days: number;
  seed: number;
  /** Replace whatever accounts the database holds (and all their data) with the demo. */
  force?: boolean;
  /** How far back health snapshots go (see historyOffsets), so trends have history. */
  historyDays?: number;
  /**
   * Load without per-row foreign-key checks (a superuser's session, as the embedded database
   * is): every generated row names an account id the same transaction's insert just returned,
   * so the ~36,000 checks could only pass, and they were ~40% of the demo's load time.
   */
  uncheckedLoad?: boolean;
}

export interface SeedReport extends DemoCounts {
  today: string;
  /** Accounts removed first (with --force). */
  replaced: number;
  snapshots: number;
}

export const DEFAULT_DEMO = { accounts: 200, days: 180, seed: 42 } as const;
/** Twelve weeks: the card's sparkline. */
export const DEFAULT_HISTORY_DAYS = 84;

/**
 * Loads the demo data set in one transaction (all of it or nothing), then computes health
 * for today and `historyDays` days before it. Today is the clock's UTC day; health is scored
 * for that same day so the named stories land in their bands.
 */
export async function seedDemo(ctx: AppContext, options: SeedOptions): Promise<SeedReport> {
  const today = isoDayFromDate(ctx.clock.now());
  const started = Date.now();
  const data = generateDemo({ ...options, today });
  const generateMs = Date.now() - started;
  const { counts, replaced } = await ctx.db.transaction().execute(async (trx) => {
    const existing = await countAccounts(trx);
    if (existing > 0 && !options.force) {
      throw userError('database_not_empty', 'cli.seed.notEmpty', { n: existing });
    }
    if (existing > 0) await deleteAllAccounts(trx);
    if (options.uncheckedLoad) await skipReferenceChecks(trx);
    const counts = await insertDemoData(trx, data);
    await appendAudit(
      trx,
      {
        actor: 'system',
        action: 'seed.demo',
        details: { ...options, today, replaced: existing, ...counts },
      },
      ctx.clock.now(),
    );
    return { counts, replaced: existing };
  });
  const loadMs = Date.now() - started - generateMs;
  const history = Math.min(options.historyDays ?? DEFAULT_HISTORY_DAYS, options.days - 1);
  const days = historyOffsets(history).map((offset) => addDays(today, -offset));
  const snapshots = await scoreHistory(ctx, days);
  const scoreMs = Date.now() - started - generateMs - loadMs;
  ctx.log.info(
    { ...counts, today, replaced, snapshots, generateMs, loadMs, scoreMs },
    'demo data seeded',
  );
  return { ...counts, today, replaced, snapshots };
}

/**
 * Days (before today, oldest first, today last) that get a health snapshot after seeding.
 * Every day of the last week, day 30 and one day a week beyond: what Δ7d, Δ30d and the
 * 12-week sparkline read, at a fifth of the cost of every day (seeding is part of the
 * first start).
 */
export function historyOffsets(historyDays: number): number[] {
  const offsets = new Set<number>();
  for (let d = 0; d <= Math.min(7, historyDays); d++) offsets.add(d);
  for (let d = 14; d <= historyDays; d += 7) offsets.add(d);
  if (historyDays >= 30) offsets.add(30);
  return [...offsets].sort((a, b) => b - a);
}

/** First start of an empty database: the default demo, so there is something to look at. */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<SeedReport | null> {
  if ((await countAccounts(ctx.db)) > 0) return null;
  // Only ever on the embedded database (a first start), where the session is a superuser's.
  return seedDemo(ctx, { ...DEFAULT_DEMO, uncheckedLoad: true });
}

/** The demo's story accounts and their health on a day: what `tend seed` prints after seeding. */
export function storyScores(ctx: AppContext, day: string) {
  const ids = Object.values(STORIES).map((s) => externalIdOf(s.number));
  return scoresOn(ctx.db, ids, day);
}
