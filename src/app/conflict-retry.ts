import { isTransientConflict } from '../db/errors';
import type { AppContext } from './context';

/**
 * Runs `work` (one whole transaction) again when Postgres failed it to break a lock cycle or a
 * serialization conflict (40P01, 40001): the other side moved on, so the same work again finds
 * the rows free. Each retry is logged at warn, so a run that needed one says so. Any other
 * error, or the last try's, is thrown.
 */
export async function retryOnConflict<T>(
  ctx: AppContext,
  tries: number,
  what: { msg: string; fields: Record<string, unknown> },
  work: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= tries || !isTransientConflict(error)) throw error;
      ctx.log.warn({ err: error, ...what.fields, attempt }, what.msg);
    }
  }
}
