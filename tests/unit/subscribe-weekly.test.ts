import { describe, expect, it } from 'vitest';
import { latestDue, nextDue } from '../../src/domain/schedule';
import { parseSubscribe } from '../../src/domain/subscription-command';

describe('weekly subscriptions', () => {
  it('parses metrics with weekly, a named day, daily, and leaves the default unset', () => {
    expect(parseSubscribe('metrics')).toMatchObject({ ok: true, value: { kind: 'metrics' } });
    expect(parseSubscribe('metrics').ok && parseSubscribe('metrics')).not.toHaveProperty(
      'value.weekday',
    );
    expect(parseSubscribe('metrics weekly')).toMatchObject({ value: { weekday: 1 } });
    expect(parseSubscribe('metrics weekly friday at 17:00')).toMatchObject({
      value: { weekday: 5, at: '17:00' },
    });
    expect(parseSubscribe('metrics segment=smb weekly Sun')).toMatchObject({
      value: { weekday: 0, filters: { segment: 'smb' } },
    });
    expect(parseSubscribe('metrics daily')).toMatchObject({ value: { weekday: null } });
    expect(parseSubscribe('metrics weekly someday')).toMatchObject({ ok: false });
  });

  it('a weekly schedule has one slot a week, on its local day, across a DST change', () => {
    const monday = { at: '09:00', timeZone: 'Europe/Berlin', weekdaysOnly: false, weekday: 1 };
    expect(nextDue(monday, new Date('2027-03-23T00:00:00Z')).toISOString()).toBe(
      '2027-03-29T07:00:00.000Z',
    );
    expect(latestDue(monday, new Date('2027-03-28T23:00:00Z'))?.toISOString()).toBe(
      '2027-03-22T08:00:00.000Z',
    );
    // Sunday in Auckland is still Saturday in UTC.
    const sunday = { at: '08:00', timeZone: 'Pacific/Auckland', weekdaysOnly: true, weekday: 0 };
    expect(nextDue(sunday, new Date('2026-11-23T00:00:00Z')).toISOString()).toBe(
      '2026-11-28T19:00:00.000Z',
    );
  });
});
