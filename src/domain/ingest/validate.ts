import { addDays } from '../dates';
import { type EntityName, type EntityRows, type EntitySpec, entities } from './entities';
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
  const check = checker(entity, options.today);
  const out: Validated<EntityRows[E]> = { valid: [], errors: [] };
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const index = options.indexes?.[i] ?? i;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      out.errors.push({ index, field: '(row)', reason: 'must be an object' });
    } else {
      check(out, index, input, check.fast?.fromObject(input) ?? null);
    }
  }
  return out;
}

/**
 * Checks CSV records (cells in `header` order, ending on `lines`) like `validateRows` checks
 * the objects they stand for, where empty cells are absent; a record with more or fewer cells
 * than the header is also a bad row.
 */
export function validateRecords<E extends EntityName>(
  entity: E,
  header: readonly string[],
  records: readonly (readonly string[])[],
  lines: readonly number[],
  today: string,
): Validated<EntityRows[E]> {
  const check = checker(entity, today);
  const at = check.fast?.columns(header);
  const out: Validated<EntityRows[E]> = { valid: [], errors: [] };
  for (let i = 0; i < records.length; i++) {
    const record = records[i] ?? [];
    const index = lines[i] ?? 0;
    const fits = record.length === header.length;
    const quick = fits && at ? (check.fast?.fromCells(record, at) ?? null) : null;
    check(out, index, quick ? {} : cellsOf(header, record), quick);
    if (!fits) {
      const reason = `has ${record.length} cells, the header has ${header.length}`;
      out.errors.push({ index, field: '(row)', reason });
    }
  }
  return out;
}

function cellsOf(header: readonly string[], record: readonly string[]): Record<string, string> {
  const cells: Record<string, string> = {};
  header.forEach((name, i) => {
    const cell = record[i];
    if (cell !== undefined && cell !== '') cells[name] = cell;
  });
  return cells;
}

/** Checks one input (already known to be an object), `quick` being the fast path's answer. */
function checker<E extends EntityName>(entity: E, today: string) {
  const spec = entities[entity] as EntitySpec<EntityRows[E]>;
  const latest = addDays(today, 1);
  const check = (
    out: Validated<EntityRows[E]>,
    index: number,
    input: object,
    quick: EntityRows[E] | null,
  ): void => {
    let row = quick;
    if (row === null) {
      const parsed = spec.schema.safeParse(input);
      if (!parsed.success) {
        out.errors.push(...rowErrorsFromIssues(index, input, parsed.error.issues));
        return;
      }
      row = parsed.data;
    }
    const future = spec.notFuture?.(row);
    if (future && future.day > latest) {
      out.errors.push({ index, field: future.field, reason: 'is in the future' });
      return;
    }
    out.valid.push({ index, row });
  };
  return Object.assign(check, { fast: spec.fast });
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
