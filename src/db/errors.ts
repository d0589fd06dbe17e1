// Telling "the database is down or too slow" from "the database refused this data". Only the
// first is worth "try again in a minute"; the second (a NUL byte in text, a value out of range,
// a bug) would fail the same way every time, and saying the database is unreachable sends the
// operator looking in the wrong place.

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// SQLSTATEs that mean the server cannot serve right now: class 08 (connection exception),
// 57014 query_canceled (statement_timeout), 57P01–57P05 shutdown/cannot connect now, 53300
// too_many_connections, 55P03 lock_not_available (lock_timeout).
const OUTAGE_STATES = /^(08...|57014|57P0[1-5]|53300|55P03)$/;

// What the drivers say when the connection is gone or never came: pg's pool and client,
// PGlite once closed, Kysely once destroyed, and our own withTimeout.
const OUTAGE_MESSAGES =
  /timeout exceeded when trying to connect|connection terminated|connection timeout|pool after calling end|client has encountered a connection error|pglite is closed|driver has already been destroyed|did not answer within|cannot reach the database|not queryable/i;

/** True when `error` (or its cause) says the database is unreachable, gone or timed out. */
export function isDatabaseOutage(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || OUTAGE_STATES.test(e.code))) {
    return true;
  }
  if (typeof e.message === 'string' && OUTAGE_MESSAGES.test(e.message)) return true;
  // AggregateError (a connect to several addresses) and wrapped causes.
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseOutage(x, depth + 1))) return true;
  return isDatabaseOutage(e.cause, depth + 1);
}

// SQLSTATEs that mean "this transaction lost a race; the same work again will most likely
// pass": 40P01 deadlock_detected (Postgres failed one side of a lock cycle) and 40001
// serialization_failure.
const CONFLICT_STATES = new Set(['40P01', '40001']);

/** True when `error` (or its cause) is a lost lock race worth retrying at once. */
export function isTransientConflict(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const e = error as { code?: unknown; cause?: unknown };
  if (typeof e.code === 'string' && CONFLICT_STATES.has(e.code)) return true;
  return isTransientConflict(e.cause, depth + 1);
}
