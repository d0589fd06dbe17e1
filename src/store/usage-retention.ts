import { sql } from 'kysely';
import type { Db } from '../db/schema';

/** Drops raw daily usage older than `beforeDay` (privacy: retention.usageDays); returns rows. */
export async function pruneUsage(db: Db, beforeDay: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with gone as (delete from usage_daily where day < ${beforeDay}::date returning 1)
    select count(*) as n from gone`.execute(db);
  return rows[0]?.n ?? 0;
}
