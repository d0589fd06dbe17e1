import { describe, expect, it } from 'vitest';
import { awayUntilOf } from '../../../src/app/away';
import type { AppContext } from '../../../src/app/context';
import type { PersonTarget } from '../../../src/app/delivery-targets';
import { readRange } from '../../../src/domain/routing';
import { minuteOfDayIn } from '../../../src/domain/time-zone';

// When a person away is back, as an instant, in their own zone: the pure minute arithmetic of
// domain/routing.ts put on real clocks, with the nights the clocks change. awayUntilOf only
// reads the team's zone from the context.

const ctx = { config: { settings: { timezone: 'Europe/Berlin' } } } as unknown as AppContext;
const person = (
  timeZone: string | null,
  hours: { work?: string; quiet?: string },
): PersonTarget => ({
  timeZone,
  work: readRange(hours.work ?? null),
  quiet: readRange(hours.quiet ?? null),
});
const until = (p: PersonTarget, now: string) => awayUntilOf(ctx, p, new Date(now))?.toISOString();

describe('awayUntilOf', () => {
  it('null with no hours set, or when not away', () => {
    expect(until(person('Asia/Tokyo', {}), '2026-11-23T10:00:00Z')).toBeUndefined();
    // 19:00 in Tokyo, quiet from 20:00.
    expect(until(person('Asia/Tokyo', { quiet: '20:00-08:00' }), '2026-11-23T10:00:00Z')).toBe(
      undefined,
    );
  });

  it("in the person's zone, and the team's when their profile has none", () => {
    // 05:00 in New York; quiet ends 08:00 EST = 13:00 UTC.
    expect(
      until(person('America/New_York', { quiet: '20:00-08:00' }), '2026-11-23T10:00:00Z'),
    ).toBe('2026-11-23T13:00:00.000Z');
    // 23:00 in Berlin (the team's zone); quiet ends 08:00 CET = 07:00 UTC the next day.
    expect(until(person(null, { quiet: '20:00-08:00' }), '2026-11-23T22:00:00Z')).toBe(
      '2026-11-24T07:00:00.000Z',
    );
    // A half-hour zone: 08:30 in Kolkata, work from 09:00 IST = 03:30 UTC.
    expect(until(person('Asia/Kolkata', { work: '09:00-18:00' }), '2026-11-23T03:00:00Z')).toBe(
      '2026-11-23T03:30:00.000Z',
    );
  });

  it('the start of the minute, so every run inside one window names the same end', () => {
    const p = person('Asia/Tokyo', { quiet: '20:00-08:00' });
    const a = until(p, '2026-11-23T12:00:00Z');
    expect(until(p, '2026-11-23T12:00:59.999Z')).toBe(a);
    expect(until(p, '2026-11-23T22:59:00Z')).toBe(a);
    expect(a).toBe('2026-11-23T23:00:00.000Z');
  });

  it('spring forward: 08:00 after a night of 23 hours (New York, 8 March 2026)', () => {
    const p = person('America/New_York', { quiet: '20:00-08:00' });
    // 00:00 EST = 05:00 UTC; 08:00 EDT = 12:00 UTC (counting 480 minutes would give 13:00).
    expect(until(p, '2026-03-08T05:00:00Z')).toBe('2026-03-08T12:00:00.000Z');
    // After the jump, the same window, the same end.
    expect(until(p, '2026-03-08T08:00:00Z')).toBe('2026-03-08T12:00:00.000Z');
  });

  it('fall back: 08:00 after a night of 25 hours, the same end either side of the change', () => {
    const p = person('America/New_York', { quiet: '20:00-08:00' });
    // 00:30 EDT (04:30 UTC) and 01:30 EST (06:30 UTC): 08:00 EST is 13:00 UTC.
    expect(until(p, '2026-11-01T04:30:00Z')).toBe('2026-11-01T13:00:00.000Z');
    expect(until(p, '2026-11-01T06:30:00Z')).toBe('2026-11-01T13:00:00.000Z');
  });

  it('an end inside the skipped hour comes when the clocks have jumped past it', () => {
    // Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST (01:00 UTC). Quiet until 02:30.
    const p = person('Europe/Berlin', { quiet: '22:00-02:30' });
    const back = until(p, '2026-03-28T23:00:00Z');
    expect(back).toBeDefined();
    // Never before the jump, and at most the missing hour after 02:30 would have been.
    expect(Date.parse(back!)).toBeGreaterThanOrEqual(Date.parse('2026-03-29T01:00:00Z'));
    expect(Date.parse(back!)).toBeLessThanOrEqual(Date.parse('2026-03-29T01:30:00Z'));
    expect(minuteOfDayIn(new Date(back!), 'Europe/Berlin')).toBeGreaterThanOrEqual(3 * 60);
  });

  it('an end the autumn change repeats: the first pass, or minutes counted in the second', () => {
    // New York, 1 November 2026: 01:00-02:00 happens twice. Quiet until 01:30.
    const p = person('America/New_York', { quiet: '22:00-01:30' });
    // 01:10 EDT (05:10 UTC): back at 01:30 EDT, 05:30 UTC.
    expect(until(p, '2026-11-01T05:10:00Z')).toBe('2026-11-01T05:30:00.000Z');
    // 01:10 EST (06:10 UTC), the second pass: 01:30 EST, 06:30 UTC, never in the past.
    expect(until(p, '2026-11-01T06:10:00Z')).toBe('2026-11-01T06:30:00.000Z');
  });

  it('working hours across midnight and days: back at the next start', () => {
    // Friday 18:30 in Tokyo (09:30 UTC), work 09:00-18:00 every day: Saturday 09:00 = 00:00 UTC.
    expect(until(person('Asia/Tokyo', { work: '09:00-18:00' }), '2026-11-27T09:30:00Z')).toBe(
      '2026-11-28T00:00:00.000Z',
    );
    // A night shift in Berlin, 22:00-06:00: at noon, back at 22:00 CET = 21:00 UTC.
    expect(until(person('Europe/Berlin', { work: '22:00-06:00' }), '2026-11-23T11:00:00Z')).toBe(
      '2026-11-23T21:00:00.000Z',
    );
  });
});
