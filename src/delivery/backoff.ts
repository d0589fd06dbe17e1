/** Delays and pacing as pure functions, so the worker's timing can be tested by hand. */

export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 5 * 60_000;

/**
 * How long to wait before the next try. A Retry-After is honoured as a floor (plus a little
 * jitter so replicas do not all come back in the same millisecond); otherwise exponential
 * with "equal jitter": half fixed, half random, capped.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, random: number) {
  if (retryAfterMs !== undefined) return retryAfterMs + Math.round(random * 250);
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random);
}

export interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket: `rate` messages a second with bursts of `burst`. Returns the wait (ms)
 * before one more message may go, and the bucket after taking it.
 */
export function takeToken(
  bucket: Bucket | undefined,
  nowMs: number,
  rate: number,
  burst: number,
): { waitMs: number; bucket: Bucket } {
  const b = bucket ?? { tokens: burst, at: nowMs };
  const tokens = Math.min(burst, b.tokens + ((nowMs - b.at) / 1000) * rate);
  if (tokens >= 1) return { waitMs: 0, bucket: { tokens: tokens - 1, at: nowMs } };
  const waitMs = Math.ceil(((1 - tokens) / rate) * 1000);
  return { waitMs, bucket: { tokens: 0, at: nowMs + waitMs } };
}
