import type { Db } from '../db/schema';
import { snapshotHealth } from './health-codec';

export interface AccountHealthView {
  account: { external_id: string; name: string; health_stale: boolean };
  snapshot: {
    day: string;
    score: number | null;
    band: 'green' | 'yellow' | 'red' | null;
    onboarding: boolean;
    drivers: unknown;
    measures: unknown;
    computed_at: Date;
  } | null;
}

/** An account and its latest health snapshot (null before the first recompute). */
export async function latestHealthByExternalId(
  db: Db,
  externalId: string,
): Promise<AccountHealthView | null> {
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'external_id', 'name', 'health_stale'])
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  if (!account) return null;
  const snapshot = await db
    .selectFrom('health_snapshots')
    .select(['day', 'score', 'band', 'onboarding', 'drivers', 'measures', 'computed_at'])
    .where('account_id', '=', account.id)
    .orderBy('day', 'desc')
    .limit(1)
    .executeTakeFirst();
  const { id: _id, ...shown } = account;
  if (!snapshot) return { account: shown, snapshot: null };
  // The API's shape is the worded one, whichever way the row was stored.
  const { measures, drivers } = snapshotHealth(snapshot.measures, snapshot.drivers);
  return {
    account: shown,
    snapshot: {
      ...snapshot,
      measures,
      drivers: drivers.map(({ measure, text, pointsLost }) => ({ measure, text, pointsLost })),
    },
  };
}
