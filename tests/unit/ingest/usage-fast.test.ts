import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  USAGE_FIELDS,
  usageColumns,
  usageFromCells,
  usageFromObject,
  usageRow,
  validateRecords,
  validateRows,
} from '../../../src/domain/ingest';

// The fast path may only ever say what zod says: a row it returns must be zod's row, and
// anything else goes to zod. These properties check that on clean and on nasty values.

const today = '2026-11-20';

const cleanDay = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z') })
  .filter((d) => !Number.isNaN(d.getTime()))
  .map((d) => d.toISOString().slice(0, 10));
const nastyDay = fc.constantFrom(
  '2024-02-29',
  '2023-02-29',
  '2100-02-29',
  '2000-02-29',
  '1899-12-31',
  '1900-01-01',
  '2199-12-31',
  '2200-01-01',
  '0050-01-01',
  '2026-13-01',
  '2026-00-10',
  '2026-04-31',
  '2026-4-01',
  ' 2026-04-01 ',
  '2026-04-01\u00a0',
  '２０２６-04-01',
  '2026/04/01',
  '2026-04-01T00:00:00Z',
);
const count = fc.oneof(
  fc.nat({ max: 2_147_483_647 }),
  fc.nat({ max: 2_147_483_647 }).map(String),
  fc.constantFrom(2_147_483_647, 2_147_483_648, -1, -0, 1.5, 1e20, Number.NaN, Number.MAX_VALUE),
  fc.constantFrom('2147483647', '2147483648', '+5', '-0', '-3', ' 7 ', '007', '1e3', '1.0'),
  fc.constantFrom('', '  ', '\t', '\u00a0', null, undefined, true, '٣', '0x10', '99999999999'),
);
const id = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom('', ' ', ' acme ', 'x'.repeat(200), 'x'.repeat(201), ` ${'y'.repeat(200)} `),
  fc.constantFrom(null, 7, undefined),
);
const anyValue = fc.oneof(fc.jsonValue(), fc.string());

const cleanUsage = fc.record(
  {
    account_external_id: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !!s.trim()),
    day: cleanDay,
    active_users: fc.nat({ max: 2_147_483_647 }),
    seats: fc.oneof(fc.nat(), fc.constant(null)),
    logins: fc.nat(),
    core_features_used: fc.nat({ max: 10 }),
    core_features_total: fc.integer({ min: 10, max: 20 }),
  },
  { requiredKeys: ['account_external_id', 'day', 'active_users'] },
);

const nastyValue = fc.oneof(id, nastyDay, count, anyValue, fc.constant(undefined));

/** A clean usage object with one to three fields made nasty, junk or missing, or one added. */
const usageObject = fc
  .tuple(
    cleanUsage,
    fc.array(fc.tuple(fc.constantFrom(...USAGE_FIELDS, 'extra'), nastyValue), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([row, changes]) => {
    const out: Record<string, unknown> = { ...row };
    for (const [field, value] of changes) {
      if (value === undefined && field !== 'seats') delete out[field];
      else out[field] = value;
    }
    return out;
  });

describe('usage fast path', () => {
  it('returns only what zod returns, for any object', () => {
    fc.assert(
      fc.property(usageObject, (input) => {
        const fast = usageFromObject(input);
        if (fast === null) return;
        const parsed = usageRow.safeParse(input);
        expect(parsed.success).toBe(true);
        expect(fast).toStrictEqual(parsed.data);
      }),
      { numRuns: 5_000 },
    );
  });

  it('returns only what zod returns, for any CSV record and header order', () => {
    const header = fc
      .shuffledSubarray([...USAGE_FIELDS], { minLength: 1 })
      .chain((h) => fc.tuple(fc.constant(h), fc.array(fc.oneof(count, id, nastyDay, cleanDay))));
    fc.assert(
      fc.property(header, ([names, values]) => {
        const cells = names.map((_, i) => String(values[i] ?? ''));
        const fast = usageFromCells(cells, usageColumns(names));
        if (fast === null) return;
        const object = Object.fromEntries(names.map((n, i) => [n, cells[i]]).filter(([, v]) => v));
        const parsed = usageRow.safeParse(object);
        expect(parsed.success).toBe(true);
        expect(fast).toStrictEqual(parsed.data);
      }),
      { numRuns: 5_000 },
    );
  });

  it('takes every clean row, as JSON values and as CSV cells', () => {
    fc.assert(
      fc.property(cleanUsage, (row) => {
        const fast = usageFromObject(row);
        expect(fast).not.toBeNull();
        expect(fast).toStrictEqual(usageRow.parse(row));
        const names = Object.keys(row);
        const cells = names.map((n) => String((row as Record<string, unknown>)[n] ?? ''));
        expect(usageFromCells(cells, usageColumns(names))).toStrictEqual(fast);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves validateRows and validateRecords with zod’s errors and rows', () => {
    const rows = [
      { account_external_id: 'a', day: '2026-11-19', active_users: 3 },
      { account_external_id: 'a', day: '2026-11-22', active_users: 3 },
      { account_external_id: 'a', day: '2026-02-30', active_users: '-1', seats: '' },
      { account_external_id: 'a', day: '2026-11-01', active_users: 1, core_features_used: 3 },
      { account_external_id: 'a', day: '2026-11-01', active_users: 1, bogus: 1 },
    ];
    const byObject = validateRows('usage', rows, { today });
    expect(byObject.valid.map((v) => v.index)).toEqual([0, 3]);
    expect(byObject.errors).toEqual([
      { index: 1, field: 'day', reason: 'is in the future' },
      { index: 2, field: 'day', reason: 'must be a real day like 2026-11-02' },
      { index: 2, field: 'active_users', reason: 'must not be negative' },
      { index: 4, field: 'bogus', reason: 'unknown field' },
    ]);
    const header = ['day', 'account_external_id', 'active_users', 'seats'];
    const byCells = validateRecords(
      'usage',
      header,
      [['2026-11-19', 'a', '3', ''], ['2026-11-22', 'a', '3', '4'], ['x', 'a'], ['2026-11-19']],
      [2, 3, 5, 6],
      today,
    );
    expect(byCells.valid).toEqual([{ index: 2, row: byObject.valid[0]?.row }]);
    expect(byCells.errors).toEqual([
      { index: 3, field: 'day', reason: 'is in the future' },
      { index: 5, field: 'day', reason: 'must be a real day like 2026-11-02' },
      { index: 5, field: 'active_users', reason: 'required' },
      { index: 5, field: '(row)', reason: 'has 2 cells, the header has 4' },
      { index: 6, field: 'account_external_id', reason: 'required' },
      { index: 6, field: 'active_users', reason: 'required' },
      { index: 6, field: '(row)', reason: 'has 1 cells, the header has 4' },
    ]);
  });
});
