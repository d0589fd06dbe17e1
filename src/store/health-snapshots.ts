import { sql } from 'kysely';
import type { Db } from '../db/schema';
import type { HealthResult } from '../domain/health';

export interface SnapshotRow {
  accountId: number;
  day: string;
  result: HealthResult;
}

const CHUNK = 5000;

/** Upserts snapshots in large chunks (one statement per 5,000 accounts, arrays via unnest). */
export async function saveSnapshots(db: Db, rows: SnapshotRow[], computedAt: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await sql`
      insert into health_snapshots (account_id, day, score, band, measures, drivers, onboarding, computed_at)
      select a, d, s, b, m::jsonb, dr::jsonb, o, ${computedAt}::timestamptz
      from unnest(
        ${chunk.map((r) => r.accountId)}::bigint[],
        ${chunk.map((r) => r.day)}::date[],
        ${chunk.map((r) => r.result.score)}::smallint[],
        ${chunk.map((r) => r.result.band)}::text[],
        ${chunk.map((r) => JSON.stringify(r.result.measures))}::text[],
        ${chunk.map((r) => JSON.stringify(r.result.drivers))}::text[],
        ${chunk.map((r) => r.result.onboarding)}::boolean[]
      ) as t(a, d, s, b, m, dr, o)
      on conflict (account_id, day) do update set
        score = excluded.score, band = excluded.band, measures = excluded.measures,
        drivers = excluded.drivers, onboarding = excluded.onboarding,
        computed_at = excluded.computed_at
      -- Recomputing after every ingested batch mostly finds nothing changed: skip those
      -- writes (computed_at then says when the snapshot last changed).
      where (health_snapshots.score, health_snapshots.band, health_snapshots.measures,
             health_snapshots.drivers, health_snapshots.onboarding)
        is distinct from
            (excluded.score, excluded.band, excluded.measures, excluded.drivers,
             excluded.onboarding)`.execute(db);
  }
}

export interface StoredSnapshot {
  account_id: number;
  day: string;
  score: number | null;
  band: HealthResult['band'];
  measures: HealthResult['measures'];
  drivers: HealthResult['drivers'];
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
  return row as StoredSnapshot | undefined;
}
