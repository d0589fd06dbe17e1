import { type RawBuilder, sql } from 'kysely';
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

/** Rows in scope by their account id: no join at all for the whole team unfiltered. */
export function inScope(scope: MetricsScope, accountId: RawBuilder<unknown>) {
  const f = scope.kind === 'team' ? (scope.filters ?? {}) : null;
  if (f && Object.values(f).every((v) => v === undefined)) return sql`true`;
  return sql`${accountId} in (select a.id from accounts a where ${owned(scope, 'a')})`;
}

export const col = (name: string, p: Part) => sql.raw(`${name}_${p.i}`);
export const within = (ref: RawBuilder<unknown>, p: Part) =>
  sql`(${ref} >= ${p.from} and ${ref} < ${p.to})`;
export const onDays = (ref: RawBuilder<unknown>, p: Part) =>
  sql`(${ref} between ${p.days.from}::date and ${p.days.to}::date)`;
export const hours = (to: string, from: string) =>
  sql`date_part('epoch', ${sql.ref(to)} - ${sql.ref(from)}) / 3600.0`;

export type Row = Record<string, unknown>;
