import { describe, expect, it } from 'vitest';
import {
  latestDue,
  latestEvery,
  localParts,
  localToInstant,
  nextDue,
  weekdayOf,
} from '../../src/domain/schedule';

const berlin = { at: '09:00', timeZone: 'Europe/Berlin', weekdaysOnly: true };

describe('localToInstant', () => {
  it('puts 09:00 Berlin at 08:00Z in winter and 07:00Z in summer', () => {
    expect(localToInstant('2026-03-27', '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-27T08:00:00.000Z',
    );
    // The clocks went forward on Sunday 29 March 2026.
    expect(localToInstant('2026-03-30', '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    // And back on Sunday 25 October 2026.
    expect(localToInstant('2026-10-23', '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-23T07:00:00.000Z',
    );
    expect(localToInstant('2026-10-26', '09:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-26T08:00:00.000Z',
    );
  });

  it('fires a time skipped by spring-forward when the clock jumps past it', () => {
    // 02:30 does not exist in Berlin on 29 March 2026: 01:59 CET is followed by 03:00 CEST.
    expect(localToInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(localToInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });

  it('fires a repeated autumn time once, the first time', () => {
    expect(localToInstant('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('handles zones east and west and half-hour offsets', () => {
    expect(localToInstant('2026-01-15', '09:00', 'Asia/Kolkata').toISOString()).toBe(
      '2026-01-15T03:30:00.000Z',
    );
    expect(localToInstant('2026-01-15', '09:00', 'America/Los_Angeles').toISOString()).toBe(
      '2026-01-15T17:00:00.000Z',
    );
    expect(localToInstant('2026-01-15', '00:00', 'Pacific/Auckland').toISOString()).toBe(
      '2026-01-14T11:00:00.000Z',
    );
  });

  it('rejects a bad time', () => {
    expect(() => localToInstant('2026-01-15', '9am', 'UTC')).toThrow(RangeError);
  });
});

describe('latestDue and nextDue', () => {
  it('finds the slot of the local day across the DST change', () => {
    expect(latestDue(berlin, new Date('2026-03-30T07:00:00Z'))?.toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    // A minute before Monday's slot the latest is Friday's (weekdays only, winter time).
    expect(latestDue(berlin, new Date('2026-03-30T06:59:00Z'))?.toISOString()).toBe(
      '2026-03-27T08:00:00.000Z',
    );
    expect(nextDue(berlin, new Date('2026-03-27T08:00:00Z')).toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
  });

  it('includes weekends when asked', () => {
    const daily = { ...berlin, weekdaysOnly: false };
    expect(latestDue(daily, new Date('2026-03-29T12:00:00Z'))?.toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });

  it('uses the local day, not the UTC day', () => {
    // 23:30 UTC on Friday is already Saturday in Tokyo: Friday's 09:00 is the latest.
    const tokyo = { at: '09:00', timeZone: 'Asia/Tokyo', weekdaysOnly: true };
    expect(localParts(new Date('2026-01-16T23:30:00Z'), 'Asia/Tokyo').day).toBe('2026-01-17');
    expect(latestDue(tokyo, new Date('2026-01-16T23:30:00Z'))?.toISOString()).toBe(
      '2026-01-16T00:00:00.000Z',
    );
  });
});

describe('weekdays and fixed steps', () => {
  it('knows the weekday of a day', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(weekdayOf('1970-01-01')).toBe(4);
  });

  it('rounds down to the step', () => {
    expect(latestEvery(15, new Date('2026-01-01T10:44:59Z')).toISOString()).toBe(
      '2026-01-01T10:30:00.000Z',
    );
  });
});
