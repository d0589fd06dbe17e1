import { type EntityName, type RowError, validateRows } from '../domain/ingest';
import { dayIn } from '../domain/time-zone';
import { TendError } from '../errors';
import { retryOnConflict } from './conflict-retry';
import type { AppContext } from './context';
import { afterIngest } from './ingest-after';
import { resolveAccounts, writeChunk } from './ingest-write';

/** The most rows one API batch may carry; larger loads go in several batches or by CSV. */
export const MAX_BATCH_ROWS = 10_000;

/**
 * Tries of a batch's transaction when Postgres fails it to break a lock cycle (40P01) or a
 * serialization conflict (40001). Ingest writers lock in one order and never deadlock each
 * other (see store/ingest-activity.ts), but another writer (the recompute clearing stale
 * marks, a job, a psql session) may hold rows the other way round; the batch is all or
 * nothing and idempotent, so it simply runs again. What still fails reaches the edge, which
 * answers 503 with Retry-After.
 */
const CONFLICT_TRIES = 3;

export type BatchResult =
  | { ok: true; received: number; written: number; unchanged: number }
  | { ok: false; errors: RowError[] };

class Rejected extends Error {
  constructor(readonly errors: RowError[]) {
    super('batch rejected');
  }
}

const byIndex = (a: RowError, b: RowError) => a.index - b.index;

/**
 * Ingests one batch, all or nothing: every row is checked (schema, then known account) before
 * anything is written; a single bad row rejects the batch with every bad row listed.
 */
export async function ingestBatch(
  ctx: AppContext,
  entity: EntityName,
  inputs: readonly unknown[],
): Promise<BatchResult> {
  if (inputs.length > MAX_BATCH_ROWS) {
    throw new TendError('too_many_rows', `a batch holds at most ${MAX_BATCH_ROWS} rows`);
  }
  const now = ctx.clock.now();
  const { valid, errors } = validateRows(entity, inputs, { today: dayIn(now, 'UTC') });
  const write = () =>
    ctx.db.transaction().execute(async (trx) => {
      if (errors.length > 0) {
        // Still name unknown accounts, so the sender fixes everything in one round.
        const unknown = await resolveAccounts(trx, entity, valid);
        throw new Rejected([...errors, ...unknown.errors].sort(byIndex));
      }
      const outcome = await writeChunk(trx, entity, valid, now);
      if (!outcome.ok) throw new Rejected(outcome.errors.sort(byIndex));
      return outcome.result;
    });
  try {
    const result = await retryOnConflict(
      ctx,
      CONFLICT_TRIES,
      { msg: 'ingest batch lost a lock race; running it again', fields: { entity } },
      write,
    );
    await afterIngest(ctx, entity, result.accountIds);
    return {
      ok: true,
      received: inputs.length,
      written: result.written,
      unchanged: inputs.length - result.written,
    };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, errors: error.errors };
    throw error;
  }
}
