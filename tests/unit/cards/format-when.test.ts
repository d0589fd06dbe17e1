import { describe, expect, it } from 'vitest';
import { formatTaken, formatWhen } from '../../../src/cards/format';
import { shortDay } from '../../../src/domain/dates';

const NOW = new Date('2026-12-06T15:00:00Z');

describe('one way to write a date and time', () => {
  it('gives the time today, the date this year, and the year otherwise', () => {
    expect(formatWhen(new Date('2026-12-06T09:05:00Z'), NOW, 'UTC')).toBe('09:05');
    expect(formatWhen(new Date('2026-11-22T10:02:00Z'), NOW, 'UTC')).toBe('22 Nov 10:02');
    expect(formatWhen(new Date('2025-11-22T10:02:00Z'), NOW, 'UTC')).toBe('22 Nov 2025 10:02');
    expect(formatWhen(new Date('2027-01-02T10:02:00Z'), NOW, 'UTC')).toBe('2 Jan 2027 10:02');
  });

  it('writes it in the zone asked for, naming the zone when told to', () => {
    const at = new Date('2026-12-06T23:30:00Z');
    // In Tokyo it is already 7 Dec now, the same day as 08:30 there.
    expect(formatWhen(at, NOW, 'Asia/Tokyo', { zone: true })).toBe('08:30 Asia/Tokyo');
    expect(formatWhen(at, NOW, 'UTC', { zone: true })).toBe('23:30 UTC');
    expect(formatWhen(at, NOW, 'UTC', { date: 'always', zone: true })).toBe('6 Dec 23:30 UTC');
  });

  it('writes days the same way, and a shared card with its date and zone', () => {
    expect(shortDay('2026-11-22', '2026-12-06')).toBe('22 Nov');
    expect(shortDay('2025-11-22', '2026-12-06')).toBe('22 Nov 2025');
    expect(formatTaken(new Date('2026-12-06T14:05:00Z'), 'UTC')).toBe('6 Dec 14:05 UTC');
  });
});
