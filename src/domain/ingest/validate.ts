import { addDays } from '../dates';
import { type EntityName, type EntityRows, entities } from './entities';
import { type RowError, rowErrorsFromIssues } from './row-errors';

export interface ValidRow<R> {
  /** Position in the batch, or line in the file: what errors point at. */
  index: number;
  row: R;
}

export interface Validated<R> {
  valid: ValidRow<R>[];
  errors: RowError[];
}

/**
 * Checks rows against the entity's schema. `today` (the caller's clock) bounds days that cannot
 * lie ahead; one day of slack covers senders in time zones ahead of ours.
 */
export function validateRows<E extends EntityName>(
  entity: E,
  inputs: readonly unknown[],
  options: { today: string; indexes?: readonly number[] },
): Validated<EntityRows[E]> {
  const spec = entities[entity];
  const latest = addDays(options.today, 1);
  const valid: ValidRow<EntityRows[E]>[] = [];
  const errors: RowError[] = [];
  inputs.forEach((input, i) => {
    const index = options.indexes?.[i] ?? i;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      errors.push({ index, field: '(row)', reason: 'must be an object' });
      return;
    }
    const parsed = spec.schema.safeParse(input);
    if (!parsed.success) {
      errors.push(...rowErrorsFromIssues(index, input, parsed.error.issues));
      return;
    }
    const future = spec.notFuture?.(parsed.data);
    if (future && future.day > latest) {
      errors.push({ index, field: future.field, reason: 'is in the future' });
      return;
    }
    valid.push({ index, row: parsed.data });
  });
  return { valid, errors };
}

/** Keeps the last row for each upsert key (documented: within a batch or file, last wins). */
export function lastWins<E extends EntityName>(
  entity: E,
  rows: readonly ValidRow<EntityRows[E]>[],
): ValidRow<EntityRows[E]>[] {
  const key = entities[entity].key;
  const byKey = new Map<string, ValidRow<EntityRows[E]>>();
  for (const r of rows) {
    const k = key(r.row);
    byKey.delete(k);
    byKey.set(k, r);
  }
  return byKey.size === rows.length ? [...rows] : [...byKey.values()];
}
