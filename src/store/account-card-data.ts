import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { SnapshotPoint } from '../domain/health';
import { snapshotHealth } from './health-codec';
import type { StoredSnapshot } from './health-snapshots';

export interface OpenItem {
  id: number;
  text: string;
  /** Due day for follow-ups, firing day (UTC) for alerts. */
  when: string | null;
  who: string | null;
  state: string;
  /** An alert's summary as code and values (migration 0210); absent on follow-ups, older rows. */
  args?: unknown;
}

export interface AccountCardData {
  snapshot: Omit<StoredSnapshot, 'account_id' | 'computed_at'> | null;
  /** Scores from `historyDays` before the latest snapshot up to it, oldest first. */
  history: SnapshotPoint[];
  followUps: { total: number; items: OpenItem[] };
  alerts: { total: number; items: OpenItem[] };
  /** The success plan's milestones in short (migration 0090); null when it has none. */
  plan: CardPlan | null;
  /** Running playbooks with their progress (absent in cards cached before they existed). */
  playbooks?: { title: string; done: number; total: number }[];
}

export interface CardPlan {
  total: number;
  done: number;
  /** Due days of the open (planned, in progress) milestones: overdue is counted against today. */
  openDue: string[];
  next: { title: string; due: string; owner: string | null } | null;
}

/**
 * Everything the account card shows beyond the account row, in ONE round trip: `/health` is
 * the hottest path and its latency is round trips, not query time.
 */
export async function accountCardData(
  db: Db,
  accountId: number,
  historyDays: number,
  listSize: number,
): Promise<AccountCardData> {
  // One round trip, and a plan Postgres keeps (see migration 0006's tend_account_card).
  const { rows } = await sql<{ card: Omit<AccountCardData, 'plan'>; plan: CardPlan | null }>`
    select tend_account_card(${accountId}, ${historyDays}, ${listSize}) as card,
      tend_account_plan(${accountId}) as plan`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('account card query returned no row');
  const { snapshot } = row.card;
  return {
    ...row.card,
    // Measures and drivers as readers use them, from either way a snapshot is stored.
    snapshot: snapshot && {
      ...snapshot,
      ...snapshotHealth(snapshot.measures, (snapshot as { drivers?: unknown }).drivers),
    },
    plan: row.plan,
  };
}
