import type { ColumnType, Generated, Selectable } from 'kysely';

/** Dates (`date` columns) travel as 'YYYY-MM-DD' strings; see db/types.ts for the parsers. */
export type Day = string;
export type Instant = ColumnType<Date, Date | string, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Json<T> = ColumnType<T, string, string>;
/** A jsonb column with a database default: optional on insert. */
export type JsonWithDefault<T> = ColumnType<T, string | undefined, string>;

export interface AccountsTable {
  id: Generated<number>;
  external_id: string;
  name: string;
  domain: string | null;
  segment: string | null;
  tier: string | null;
  arr: number | null;
  owner_email: string | null;
  contract_start: Day | null;
  renewal_date: Day | null;
  slack_channel: string | null;
  teams_channel: string | null;
  status: ColumnType<'active' | 'churned', 'active' | 'churned' | undefined>;
  health_stale: ColumnType<boolean, boolean | undefined>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined>;
}
export type Account = Selectable<AccountsTable>;
