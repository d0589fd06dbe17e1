import { sql } from 'kysely';
import type { Db } from '../db/schema';

/** A table and its columns that can hold text: where a person's e-mail could be written. */
export interface TextColumns {
  table: string;
  text: string[];
  json: string[];
  /** json or jsonb, per json column. */
  jsonType: Record<string, 'json' | 'jsonb'>;
}

/**
 * Every base table of the schema with its text, varchar and json(b) columns, read from the
 * catalog: a table added later is covered without touching this code.
 */
export async function textColumnsOfEveryTable(db: Db): Promise<TextColumns[]> {
  const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type
    from information_schema.columns c
    join information_schema.tables t
      on t.table_name = c.table_name and t.table_schema = c.table_schema
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      and c.table_name not like 'kysely_%'
      and c.data_type in ('text', 'character varying', 'character', 'jsonb', 'json')
    order by c.table_name, c.ordinal_position`.execute(db);
  const byTable = new Map<string, TextColumns>();
  for (const r of rows) {
    const t = byTable.get(r.table_name) ?? {
      table: r.table_name,
      text: [],
      json: [],
      jsonType: {},
    };
    if (r.data_type === 'json' || r.data_type === 'jsonb') {
      t.json.push(r.column_name);
      t.jsonType[r.column_name] = r.data_type;
    } else t.text.push(r.column_name);
    byTable.set(r.table_name, t);
  }
  return [...byTable.values()];
}

/** `%text%` for ILIKE, with the pattern characters in the text taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function mentions(columns: TextColumns, pattern: string) {
  const tests = [
    ...columns.text.map((c) => sql`${sql.ref(c)} ilike ${pattern}`),
    ...columns.json.map((c) => sql`${sql.ref(c)}::text ilike ${pattern}`),
  ];
  return sql.join(tests, sql` or `);
}

/** Rows of one table in which any text or json column contains the text (case-insensitive). */
export async function rowsMentioning(
  db: Db,
  columns: TextColumns,
  text: string,
): Promise<Record<string, unknown>[]> {
  if (columns.text.length + columns.json.length === 0) return [];
  const { rows } = await sql<Record<string, unknown>>`
    select * from ${sql.table(columns.table)}
    where ${mentions(columns, containsPattern(text))}`.execute(db);
  return rows;
}

/** A regular expression matching the text literally, for regexp_replace. */
function literalRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every occurrence of the text in every text and json column of one table with the
 * replacement (case-insensitive); returns how many rows changed. JSON stays valid: an e-mail
 * never needs escaping inside a JSON string and the replacement holds no quote or backslash.
 */
export async function replaceEverywhere(
  db: Db,
  columns: TextColumns,
  text: string,
  replacement: string,
): Promise<number> {
  if (columns.text.length + columns.json.length === 0) return 0;
  const re = literalRegex(text);
  const sets = [
    ...columns.text.map(
      (c) => sql`${sql.ref(c)} = regexp_replace(${sql.ref(c)}, ${re}, ${replacement}, 'gi')`,
    ),
    ...columns.json.map(
      (c) =>
        sql`${sql.ref(c)} = regexp_replace(${sql.ref(c)}::text, ${re}, ${replacement}, 'gi')::${sql.raw(columns.jsonType[c] === 'json' ? 'json' : 'jsonb')}`,
    ),
  ];
  const { numAffectedRows } = await sql`
    update ${sql.table(columns.table)} set ${sql.join(sets, sql`, `)}
    where ${mentions(columns, containsPattern(text))}`.execute(db);
  return Number(numAffectedRows ?? 0);
}

/**
 * Tables whose rows belong to one chat user, keyed by platform and user id (not by e-mail):
 * alert routing preferences, alerts held while they are away, follows sent to their DM. A
 * person's rows there exist only for them, so an erase deletes them.
 */
const KEYED_BY_CHAT_ID = [
  { table: 'alert_routing', column: 'user_id', only: null },
  { table: 'away_alerts', column: 'user_id', only: null },
  { table: 'account_follows', column: 'target_id', only: sql`target_kind = 'person'` },
] as const;

function ofIdentities(column: string, identities: string[]) {
  return sql`lower(platform || ':' || ${sql.ref(column)}) in (${sql.join(
    identities.map((i) => i.toLowerCase()),
  )})`;
}

/** Rows of those tables that belong to one of the chat identities (`slack:U123`). */
export async function rowsOfChatIdentities(
  db: Db,
  identities: string[],
): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  if (identities.length === 0) return out;
  for (const k of KEYED_BY_CHAT_ID) {
    const { rows } = await sql<Record<string, unknown>>`
      select * from ${sql.table(k.table)} where ${ofIdentities(k.column, identities)}
      ${k.only ? sql`and ${k.only}` : sql``}`.execute(db);
    if (rows.length > 0) out[k.table] = rows;
  }
  return out;
}

/** Deletes them; returns the rows deleted per table. */
export async function deleteRowsOfChatIdentities(
  db: Db,
  identities: string[],
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  if (identities.length === 0) return out;
  for (const k of KEYED_BY_CHAT_ID) {
    const { numAffectedRows } = await sql`
      delete from ${sql.table(k.table)} where ${ofIdentities(k.column, identities)}
      ${k.only ? sql`and ${k.only}` : sql``}`.execute(db);
    const n = Number(numAffectedRows ?? 0);
    if (n > 0) out[k.table] = n;
  }
  return out;
}
