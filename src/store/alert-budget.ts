import { sql } from 'kysely';
import type { Db } from '../db/schema';

/**
 * Alert cards posted (or queued) per channel since `since`: what the hourly noise budget has
 * spent. Timed by ready_at, the job's clock when it was queued, like everything the jobs do.
 */
export async function alertPostsSince(db: Db, since: Date): Promise<Map<string, number>> {
  const { rows } = await sql<{ platform: string; channel_id: string; n: number }>`
    select platform, channel_id, count(*)::int as n from outbox
    where kind = 'alert' and payload->>'op' = 'post' and ready_at >= ${since}
    group by platform, channel_id`.execute(db);
  return new Map(rows.map((r) => [`${r.platform}\n${r.channel_id}`, r.n]));
}

/** Every active account's tier, for the sensitivity presets. */
export async function accountTiers(db: Db): Promise<Map<number, string | null>> {
  const rows = await db
    .selectFrom('accounts')
    .select(['id', 'tier'])
    .where('status', '=', 'active')
    .execute();
  return new Map(rows.map((r) => [r.id, r.tier]));
}
