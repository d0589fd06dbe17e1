import { describe, expect, it } from 'vitest';
import { problemText } from '../../../src/cards/problem-text';
import { shortDay } from '../../../src/domain/dates';
import { parseDueDate, pastDueProblem } from '../../../src/domain/parse/due-date';
import { dayIn } from '../../../src/domain/time-zone';

// 2026-11-23 is a Monday.
const MONDAY = '2026-11-23';
const FRIDAY = '2026-11-27';

describe('parseDueDate', () => {
  it.each([
    ['2026-12-01', '2026-12-01'],
    ['today', MONDAY],
    ['tomorrow', '2026-11-24'],
    ['friday', FRIDAY],
    ['Fri', FRIDAY],
    ['thurs', '2026-11-26'],
    ['monday', MONDAY],
    ['next monday', '2026-11-30'],
    ['next week', '2026-11-30'],
    ['in 3 days', '2026-11-26'],
    ['in a week', '2026-11-30'],
    ['in 2 weeks', '2026-12-07'],
    ['in 1 month', '2026-12-23'],
    ['end of week', FRIDAY],
    ['end of month', '2026-11-30'],
  ])('reads %s on a Monday as %s', (text, expected) => {
    expect(parseDueDate(text, MONDAY)).toBe(expected);
  });

  it('takes a bare weekday as the coming one, today included', () => {
    expect(parseDueDate('friday', FRIDAY)).toBe(FRIDAY);
    expect(parseDueDate('next friday', FRIDAY)).toBe('2026-12-04');
    expect(parseDueDate('next week', FRIDAY)).toBe('2026-11-30');
    expect(parseDueDate('thursday', FRIDAY)).toBe('2026-12-03');
  });

  it('clamps a month ahead to the last day of a short month', () => {
    expect(parseDueDate('in 1 month', '2027-01-31')).toBe('2027-02-28');
    expect(parseDueDate('end of month', '2026-12-05')).toBe('2026-12-31');
  });

  it.each(['', 'someday', '2026-02-30', 'fr', 'in many days', 'by friday'])(
    'refuses %j rather than guess',
    (text) => {
      expect(parseDueDate(text, MONDAY)).toBeNull();
    },
  );
});

describe('past due dates', () => {
  it('reads yesterday so that it can be refused, and names a past day with its year', () => {
    expect(parseDueDate('yesterday', MONDAY)).toBe('2026-11-22');
    const said = (due: string, locale: 'en' | 'zh-CN' = 'en') => {
      const problem = pastDueProblem(due, MONDAY);
      return problem ? problemText(locale, problem) : null;
    };
    expect(said('2026-11-22')).toMatch(/^The due date 22 Nov \(2026-11-22\) is in the past/);
    expect(said('2020-01-01')).toMatch(/^The due date 1 Jan 2020 /);
    expect(said('2020-01-01', 'zh-CN')).toMatch(/^截止日期 2020年1月1日（2020-01-01）已经过去/);
    expect(pastDueProblem(MONDAY, MONDAY)).toBeNull();
    expect(pastDueProblem('2026-11-24', MONDAY)).toBeNull();
  });

  it('shows the year only when it is not this year', () => {
    expect(shortDay('2026-01-01', MONDAY)).toBe('1 Jan');
    expect(shortDay('2020-01-01', MONDAY)).toBe('1 Jan 2020');
    expect(shortDay('2027-02-03', MONDAY)).toBe('3 Feb 2027');
    expect(shortDay('2020-01-01')).toBe('1 Jan');
  });
});

describe('dayIn', () => {
  it('is the calendar day where the person is, not in UTC', () => {
    const instant = new Date('2026-11-23T03:00:00Z');
    expect(dayIn(instant, 'UTC')).toBe('2026-11-23');
    expect(dayIn(instant, 'America/Los_Angeles')).toBe('2026-11-22');
    expect(dayIn(new Date('2026-11-22T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-11-23');
  });

  it('follows the DST change (Berlin, last Sunday of March)', () => {
    expect(dayIn(new Date('2027-03-27T23:30:00Z'), 'Europe/Berlin')).toBe('2027-03-28');
    expect(dayIn(new Date('2027-03-28T21:59:00Z'), 'Europe/Berlin')).toBe('2027-03-28');
    expect(dayIn(new Date('2027-03-28T22:00:00Z'), 'Europe/Berlin')).toBe('2027-03-29');
  });
});
