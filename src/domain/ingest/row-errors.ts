import type { z } from 'zod';

/**
 * One problem with one input row. `index` is the row's position in the batch (0-based) for
 * the API, or its line in the file for CSV; `field` is the column or property at fault.
 */
export interface RowError {
  index: number;
  field: string;
  reason: string;
}

function isBlank(input: object, path: readonly PropertyKey[]): boolean {
  if (path.length !== 1) return false;
  const value = (input as Record<PropertyKey, unknown>)[path[0] as PropertyKey];
  return value === undefined || value === null || value === '';
}

/** Turns zod's issues for one row into row errors, one per field. */
export function rowErrorsFromIssues(
  index: number,
  input: object,
  issues: z.core.$ZodIssue[],
): RowError[] {
  const errors: RowError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ index, field: key, reason: 'unknown field' });
      continue;
    }
    const field = issue.path.map(String).join('.') || '(row)';
    if (errors.some((e) => e.field === field)) continue;
    const blank = issue.code !== 'custom' && isBlank(input, issue.path);
    errors.push({ index, field, reason: blank ? 'required' : issue.message });
  }
  return errors;
}
