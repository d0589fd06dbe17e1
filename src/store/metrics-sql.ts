import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/schema';
import type { DayRange, MetricsScope } from '../domain/metrics';
import { owned, type SpanQuery } from './metrics';

// The pieces /stats's aggregate statements are written with (store/metrics-totals.ts and
// store/metrics-account-totals.ts): one column per period, suffixed with its index.

/** One of the two periods, with the index its columns are suffixed with. */
export interface Part {
  i: 0 | 1;
  from: Date;
  to: Date;
  days: DayRange;
}

export interface TotalsQuery extends SpanQuery {
  previous: DayRange;
  current: DayRange;
  /** Today in the team's zone (a follow-up due today is not overdue yet) and the instant now. */
  today: string;
  now: Date;
}

/** Every account: the team with no subscription filter narrowing it. */
export function wholeTeam(scope: MetricsScope): boolean {
  return scope.kind === 'team' && Object.values(scope.filters ?? {}).every((v) => v === undefined);
}

/** Rows in scope by their account id: no join at all for the whole team unfiltered. */
export function inScope(scope: MetricsScope, accountId: RawBuilder<unknown>) {
  if (wholeTeam(scope)) return sql`true`;
  return sql`${accountId} in (select a.id from accounts a where ${owned(scope, 'a')})`;
}

/**
 * What /stats's statements run with. JIT off: over a year of history the planner's cost
 * passes jit_above_cost, and compiling these wide aggregates took 3–5 s at 20,000 accounts
 * against well under a second to run them. No parallel workers: the statements already run
 * side by side, one per connection, so workers only add processes to start and coordinate on
 * the same cores (the survey and follow-up scans planned two each).
 */
export const STATEMENT_SETTINGS = sql`
  select set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`;

/**
 * Runs one aggregate with STATEMENT_SETTINGS. A local setting needs a transaction: a short one of its
 * own per statement, so the statements still run side by side on separate connections.
 */
export async function withoutJit(db: Db, query: RawBuilder<Row>) {
  return db.transaction().execute(async (trx) => {
    await STATEMENT_SETTINGS.execute(trx);
    return query.execute(trx);
  });
}

export const num = (row: Row | undefined, name: string, p: Part): number =>
  Number(row?.[`${name}_${p.i}`] ?? 0);

/** A float8[] as either driver hands it over: an array, or its text form. */
export function floats(v: unknown): (number | null)[] {
  const list =
    typeof v === 'string' ? (v === '{}' ? [] : v.slice(1, -1).split(',')) : (v as unknown[]);
  return list.map((x) => (x === null || x === undefined || x === 'NULL' ? null : Number(x)));
}

export const col = (name: string, p: Part) => sql.raw(`${name}_${p.i}`);
export const within = (ref: RawBuilder<unknown>, p: Part) =>
  sql`(${ref} >= ${p.from} and ${ref} < ${p.to})`;
export const onDays = (ref: RawBuilder<unknown>, p: Part) =>
  sql`(${ref} between ${p.days.from}::date and ${p.days.to}::date)`;
export const hours = (to: string, from: string) =>
  sql`date_part('epoch', ${sql.ref(to)} - ${sql.ref(from)}) / 3600.0`;

export type Row = Record<string, unknown>;
