import { isDatabaseOutage, isTransientConflict } from '../db/errors';

/** What a request that failed on the database's side, through no fault of its own, answers. */
export interface BusyAnswer {
  error: 'conflict' | 'database_unavailable';
  message: string;
  retryAfterS: number;
}

/**
 * A database failure that says nothing about the request (a lost lock race, a statement
 * timeout, the database out of reach): 503 with Retry-After rather than 500, so a client
 * (an ingest script, a CDP, a webhook sender) retries it instead of reporting a bug. Ingest
 * batches are all or nothing and idempotent, so sending one again is always safe.
 */
export function busyAnswer(error: unknown): BusyAnswer | null {
  if (isTransientConflict(error)) {
    return {
      error: 'conflict',
      message: 'a concurrent write to the same rows won a lock race; send the request again',
      retryAfterS: 1,
    };
  }
  if (isDatabaseOutage(error)) {
    return {
      error: 'database_unavailable',
      message: 'the database is out of reach or too busy; send the request again later',
      retryAfterS: 5,
    };
  }
  return null;
}
