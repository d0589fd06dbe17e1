import type { Db } from '../db/schema';
import type { TouchKind, Touchpoint } from '../db/tables/touchpoints';

export interface NewTouchpoint {
  accountId: number;
  kind: TouchKind;
  text: string;
  loggedBy: string;
  author?: string | null;
  platform: string;
  link?: string | null;
  at: Date;
  requestKey: string | null;
}

/**
 * Records a touchpoint; a request key seen before records nothing and returns the first one
 * (a retried command or a modal submitted twice is one touch).
 */
export async function insertTouchpoint(
  db: Db,
  t: NewTouchpoint,
): Promise<{ touchpoint: Touchpoint; created: boolean }> {
  const row = await db
    .insertInto('touchpoints')
    .values({
      account_id: t.accountId,
      kind: t.kind,
      text: t.text,
      logged_by: t.loggedBy,
      author: t.author ?? null,
      platform: t.platform,
      link: t.link ?? null,
      at: t.at,
      request_key: t.requestKey,
    })
    .onConflict((oc) => oc.column('request_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) return { touchpoint: row, created: true };
  const first = await db
    .selectFrom('touchpoints')
    .selectAll()
    .where('request_key', '=', t.requestKey)
    .executeTakeFirstOrThrow();
  return { touchpoint: first, created: false };
}
