import { sql } from 'kysely';
import type { Db } from '../db/schema';

/** Blanks survey comments answered before the day; the answer and its score stay. */
export async function blankOldComments(db: Db, beforeDay: string): Promise<number> {
  const r = await db
    .updateTable('survey_answers')
    .set({ comment: null })
    .where('comment', 'is not', null)
    .where('answered_on', '<', beforeDay)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Forgets cached chat profiles not refreshed since then (they are fetched again on use). A
 * person who chose alert settings or follows an account keeps theirs: DM routing reads the
 * profile's e-mail and time zone to reach them, and someone who only reads DMs may not type a
 * command for months. Erasing the person (`tend privacy erase`) still removes it.
 */
export async function pruneChatUsers(db: Db, before: Date): Promise<number> {
  const r = await db
    .deleteFrom('chat_users as u')
    .where('u.fetched_at', '<', before)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('alert_routing as r')
            .select('r.user_id')
            .whereRef('r.platform', '=', 'u.platform')
            .whereRef('r.user_id', '=', 'u.user_id'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('account_follows as f')
            .select('f.target_id')
            .where('f.target_kind', '=', 'person')
            .whereRef('f.platform', '=', 'u.platform')
            .whereRef('f.target_id', '=', 'u.user_id'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes alerts resolved before then, with their events (cascade). */
export async function pruneResolvedAlerts(db: Db, before: Date): Promise<number> {
  const r = await db
    .deleteFrom('alerts')
    .where('status', '=', 'resolved')
    .where('resolved_at', '<', before)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Columns that date a row, most telling first: the oldest record of a table is by the first. */
const AGE_COLUMNS = [
  'day',
  'answered_on',
  'fired_at',
  'opened_at',
  'at',
  'started_at',
  'fetched_at',
  'sent_at',
  'created_at',
  'checked_at',
  'updated_at',
];

export interface TableHolding {
  table: string;
  rows: number;
  /** The column that dates its rows, and the oldest value in it. */
  datedBy: string | null;
  oldest: string | null;
}

/** Every base table (from the catalog, so new ones appear too): rows and oldest record. */
export async function holdings(db: Db): Promise<TableHolding[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      and c.table_name not like 'kysely_%'
    order by c.table_name`.execute(db);
  const byTable = new Map<string, string[]>();
  for (const c of columns)
    byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
  const out: TableHolding[] = [];
  for (const [table, cols] of byTable) {
    const datedBy = AGE_COLUMNS.find((c) => cols.includes(c)) ?? null;
    const { rows } = await sql<{ n: number; oldest: string | null }>`
      select count(*)::int as n, ${datedBy ? sql`min(${sql.ref(datedBy)})::text` : sql`null`} as oldest
      from ${sql.table(table)}`.execute(db);
    out.push({ table, rows: rows[0]?.n ?? 0, datedBy, oldest: rows[0]?.oldest ?? null });
  }
  return out;
}
