import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { HealthFacts } from '../domain/health';
import { encodeMeasures, type SnapshotHealth, snapshotHealth } from './health-codec';

export { encodeMeasures, type SnapshotHealth, snapshotHealth } from './health-codec';

export interface SnapshotRow {
  accountId: number;
  day: string;
  health: HealthFacts;
}

const CHUNK = 5000;

/**
 * Upserts snapshots in large chunks: one statement per 5,000 accounts, the rows sent as one
 * JSON document of positional arrays, [account, day, score, band, measures, onboarding],
 * parsed once as jsonb and taken apart by position. (json_to_recordset into a jsonb column
 * built a field lookup per row and parsed each row's measures again as jsonb: 20,000
 * snapshots cost Postgres 1.7 s to parse against 0.5 s this way; as typed arrays, the
 * per-element quoting of the JSON column cost about half again as much.) Measures are stored
 * as compact facts (health-codec.ts) and drivers not at all: readers derive and word them
 * (migration T0130 made `drivers` nullable; rows from before keep their English drivers).
 */
export async function saveSnapshots(db: Db, rows: SnapshotRow[], computedAt: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const doc = JSON.stringify(
      rows
        .slice(i, i + CHUNK)
        .map((r) => [
          r.accountId,
          r.day,
          r.health.score,
          r.health.band,
          encodeMeasures(r.health.measures),
          r.health.onboarding,
        ]),
    );
    await sql`
      insert into health_snapshots (account_id, day, score, band, measures, drivers, onboarding, computed_at)
      select (e->>0)::bigint, (e->>1)::date, (e->>2)::smallint, e->>3, e->4, null,
        (e->>5)::boolean, ${computedAt}::timestamptz
      from jsonb_array_elements(${doc}::jsonb) e
      on conflict (account_id, day) do update set
        score = excluded.score, band = excluded.band, measures = excluded.measures,
        drivers = null, onboarding = excluded.onboarding,
        computed_at = excluded.computed_at
      -- Recomputing after every ingested batch mostly finds nothing changed: skip those
      -- writes (computed_at then says when the snapshot last changed).
      where (health_snapshots.score, health_snapshots.band, health_snapshots.measures,
             health_snapshots.drivers, health_snapshots.onboarding)
        is distinct from
            (excluded.score, excluded.band, excluded.measures, null::jsonb,
             excluded.onboarding)`.execute(db);
  }
}

export interface StoredSnapshot extends SnapshotHealth {
  account_id: number;
  day: string;
  score: number | null;
  band: HealthFacts['band'];
  onboarding: boolean;
  computed_at: Date;
}

export async function latestSnapshot(
  db: Db,
  accountId: number,
): Promise<StoredSnapshot | undefined> {
  const row = await db
    .selectFrom('health_snapshots')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('day', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, ...snapshotHealth(row.measures, row.drivers) } as StoredSnapshot;
}
