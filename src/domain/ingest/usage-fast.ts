import { unstorableText } from '../text-input';
import { MAX_COUNT } from './fields';
import type { UsageRow } from './usage';

// A shortcut past zod for the clean usage row, the one bulk loads are made of (zod costs
// ~15 µs a row, this well under one). zod stays the one definition of a usage row and of
// every error message: these functions return a row only where `usageRow` would return the
// same one, and null for anything they are not sure of, which then goes through zod as
// before. tests/unit/ingest/usage-fast.test.ts checks that agreement with fast-check.

export const USAGE_FIELDS = [
  'account_external_id',
  'day',
  'active_users',
  'seats',
  'logins',
  'core_features_used',
  'core_features_total',
] as const;

const KNOWN = new Set<string>(USAGE_FIELDS);
const BLANK = null;
const FAIL = -1;

function externalIdOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t.length >= 1 && t.length <= 200 && unstorableText(t) === null ? t : null;
}

/** 0–9999 from `len` ASCII digits at `at`, or -1. */
function digits(s: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return FAIL;
    n = n * 10 + c;
  }
  return n;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A real day between 1900 and 2199 written as plain `YYYY-MM-DD`, else null. */
function dayOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const t = v.length === 10 ? v : v.trim();
  if (t.length !== 10 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return null;
  const y = digits(t, 0, 4);
  const m = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1) return null;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const last = m === 2 && leap ? 29 : (MONTH_DAYS[m - 1] ?? 0);
  return d <= last ? t : null;
}

/** A count, BLANK for no value (when `optional`), or FAIL. Signs and decimals go to zod. */
function countOf(v: unknown, optional: boolean): number | null {
  if (typeof v === 'number') {
    return Number.isInteger(v) && v >= 0 && v <= MAX_COUNT ? v : FAIL;
  }
  if (v === undefined || v === null) return optional ? BLANK : FAIL;
  if (typeof v !== 'string') return FAIL;
  const t = v.trim();
  if (t.length === 0) return optional ? BLANK : FAIL;
  if (t.length > 10) return FAIL;
  const n = digits(t, 0, t.length);
  return n >= 0 && n <= MAX_COUNT ? n : FAIL;
}

function usageOf(
  account: unknown,
  day: unknown,
  active: unknown,
  seats: unknown,
  logins: unknown,
  used: unknown,
  total: unknown,
): UsageRow | null {
  const account_external_id = externalIdOf(account);
  const d = dayOf(day);
  const active_users = countOf(active, false);
  const s = countOf(seats, true);
  const l = countOf(logins, true);
  const u = countOf(used, true);
  const t = countOf(total, true);
  if (account_external_id === null || d === null) return null;
  if (active_users === FAIL || active_users === null) return null;
  if (s === FAIL || l === FAIL || u === FAIL || t === FAIL) return null;
  if (u !== null && t !== null && u > t) return null;
  return {
    account_external_id,
    day: d,
    active_users,
    seats: s,
    logins: l ?? 0,
    core_features_used: u,
    core_features_total: t,
  };
}

/** A plain object (parsed JSON) with only usage fields; null sends the row to zod. */
export function usageFromObject(input: object): UsageRow | null {
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return null;
  for (const key in input) if (!KNOWN.has(key)) return null;
  const o = input as Record<string, unknown>;
  return usageOf(
    o.account_external_id,
    o.day,
    o.active_users,
    o.seats,
    o.logins,
    o.core_features_used,
    o.core_features_total,
  );
}

/** Where each of USAGE_FIELDS sits in a CSV record (-1 for a column the file lacks). */
export function usageColumns(header: readonly string[]): number[] {
  return USAGE_FIELDS.map((f) => header.indexOf(f));
}

/** One CSV record (cells as read, by `usageColumns` position); null sends it to zod. */
export function usageFromCells(cells: readonly string[], at: readonly number[]): UsageRow | null {
  return usageOf(
    cellAt(cells, at, 0),
    cellAt(cells, at, 1),
    cellAt(cells, at, 2),
    cellAt(cells, at, 3),
    cellAt(cells, at, 4),
    cellAt(cells, at, 5),
    cellAt(cells, at, 6),
  );
}

function cellAt(cells: readonly string[], at: readonly number[], field: number): unknown {
  const p = at[field] ?? -1;
  return p < 0 ? undefined : cells[p];
}
