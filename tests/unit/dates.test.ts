import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatDay,
  isIsoDay,
  isoDayFromDate,
  parseDay,
  shortDay,
} from '../../src/domain/dates';

describe('dates', () => {
  it('parses and formats UTC days', () => {
    expect(parseDay('1970-01-01')).toBe(0);
    expect(parseDay('1970-01-02')).toBe(1);
    expect(formatDay(19_723)).toBe('2024-01-01');
  });

  it('rejects strings that are not real days', () => {
    for (const bad of [
      '2024-02-30',
      '2023-02-29',
      '2024-13-01',
      '2024-1-1',
      '',
      'x',
      '2024-01-01T00',
    ]) {
      expect(isIsoDay(bad)).toBe(false);
      expect(() => parseDay(bad)).toThrow(RangeError);
    }
    expect(isIsoDay('2024-02-29')).toBe(true);
  });

  it('adds days across months, leap days and DST dates', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-30', 2)).toBe('2024-04-01');
    expect(daysBetween('2024-03-09', '2024-03-11')).toBe(2);
    expect(daysBetween('2024-11-05', '2024-11-01')).toBe(-4);
  });

  it('formats short days for drivers', () => {
    expect(shortDay('2024-11-02')).toBe('2 Nov');
    expect(shortDay('2025-01-31')).toBe('31 Jan');
  });

  it('reads a Date as its UTC day', () => {
    expect(isoDayFromDate(new Date('2024-06-30T23:30:00-02:00'))).toBe('2024-07-01');
  });

  it('round-trips: addDays then daysBetween', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: -5000, max: 5000 }),
        (d, n) => {
          const day = formatDay(d);
          expect(parseDay(day)).toBe(d);
          expect(daysBetween(day, addDays(day, n))).toBe(n);
        },
      ),
    );
  });
});
