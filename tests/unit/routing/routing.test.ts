import { describe, expect, it } from 'vitest';
import { tm } from '../../../src/cards/i18n/t';
import {
  type DailyRange,
  DEFAULT_ROUTING,
  describeRouting,
  describeRoutingFilters,
  formatRange,
  isAway,
  minutesUntilBack,
  parseAlertsChange,
  parseDailyRange,
  parseRoutingFilters,
  type Routing,
  readRange,
} from '../../../src/domain/routing';

// src/domain/routing.ts, every branch: the words of `/cs alerts`, `/cs hours`, `/cs quiet`, and
// when a person is away, on local minutes of the day (time zones and DST: away-until.test.ts).

const enRouting = (r: Routing) => describeRouting(r).map((m) => tm('en', m));
const RULES = ['inactivity', 'detractor', 'usage_decline'];
const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const range = (text: string): DailyRange => {
  const r = parseDailyRange(text);
  if (!r.ok || !r.value) throw new Error(text);
  return r.value;
};

describe('parseRoutingFilters', () => {
  it('keeps a valid object, and reads null, junk or extra keys as no filters', () => {
    expect(parseRoutingFilters({ segment: 'smb', minArr: 5, rules: ['detractor'] })).toEqual({
      segment: 'smb',
      minArr: 5,
      rules: ['detractor'],
    });
    expect(parseRoutingFilters(null)).toEqual({});
    expect(parseRoutingFilters(undefined)).toEqual({});
    expect(parseRoutingFilters({ minArr: -1 })).toEqual({});
    expect(parseRoutingFilters({ owner: 'x' })).toEqual({});
    expect(parseRoutingFilters('segment=smb')).toEqual({});
  });
});

describe('parseAlertsChange', () => {
  const ok = (args: string) => {
    const r = parseAlertsChange(args, RULES);
    if (!r.ok) throw new Error(tm('en', r.message));
    return r.value;
  };
  const refused = (args: string) => {
    const r = parseAlertsChange(args, RULES);
    if (r.ok) throw new Error(`accepted ${args}`);
    return tm('en', r.message);
  };

  it('nothing said changes nothing', () => {
    expect(ok('')).toEqual({});
    expect(ok('   ')).toEqual({});
  });

  it('delivery and scope in any order, any case; "scope", "to", "filters" are filler', () => {
    expect(ok('DM')).toEqual({ delivery: 'dm' });
    expect(ok('channel')).toEqual({ delivery: 'channel' });
    expect(ok('both all')).toEqual({ delivery: 'both', scope: 'all' });
    expect(ok('scope team to dm')).toEqual({ delivery: 'dm', scope: 'team' });
    expect(ok('my-team')).toEqual({ scope: 'team' });
    expect(ok('mine')).toEqual({ scope: 'mine' });
    expect(ok('filters')).toEqual({});
  });

  it('reset, and none/clear empty the filters', () => {
    expect(ok('reset')).toEqual({ reset: true });
    expect(ok('filters none')).toEqual({ filters: {} });
    expect(ok('clear')).toEqual({ filters: {} });
    // Filters after "none" still count: the words are read left to right.
    expect(ok('none tier=gold')).toEqual({ filters: { tier: 'gold' } });
  });

  it('every filter key, with amounts as people write them', () => {
    expect(ok('segment=Enterprise tier=gold min_arr=50k rules=detractor')).toEqual({
      filters: { segment: 'Enterprise', tier: 'gold', minArr: 50_000, rules: ['detractor'] },
    });
    expect(ok('min-arr=1,250')).toEqual({ filters: { minArr: 1250 } });
    expect(ok('minarr=$5_000')).toEqual({ filters: { minArr: 5000 } });
    expect(ok('MIN_ARR=0')).toEqual({ filters: { minArr: 0 } });
    expect(ok('rule=Inactivity,detractor,inactivity')).toEqual({
      filters: { rules: ['inactivity', 'detractor'] },
    });
  });

  it('refuses what it cannot read, saying why', () => {
    expect(refused('loud')).toContain('I don\'t understand "loud"');
    expect(refused('=gold')).toContain('I don\'t understand "=gold"');
    expect(refused('tier=')).toBe('"tier=" needs a value.');
    expect(refused('min_arr=lots')).toBe('"lots" is not an amount.');
    expect(refused('min_arr=-5')).toBe('"-5" is not an amount.');
    expect(refused('rules=churn')).toBe(
      "I don't know the rule churn: the rules are inactivity, detractor, usage_decline.",
    );
    expect(refused('rules=churn,nps,detractor')).toContain("I don't know the rules churn, nps:");
    expect(refused('owner=@jane')).toContain('I don\'t know the filter "owner"');
  });
});

describe('parseDailyRange, formatRange, readRange', () => {
  it('reads the ways people write a range', () => {
    expect(parseDailyRange('09:00-18:00')).toEqual({ ok: true, value: { start: 540, end: 1080 } });
    expect(parseDailyRange('9-18')).toEqual({ ok: true, value: { start: 540, end: 1080 } });
    expect(parseDailyRange(' 9:30 – 17:45 ')).toEqual({
      ok: true,
      value: { start: 570, end: 1065 },
    });
    expect(parseDailyRange('22 to 6')).toEqual({ ok: true, value: { start: 1320, end: 360 } });
    // 24:00 is midnight, so the range ends at minute 0 (wraps).
    expect(parseDailyRange('18:00-24:00')).toEqual({ ok: true, value: { start: 1080, end: 0 } });
  });

  it('off, none and clear mean no range', () => {
    for (const w of ['off', 'NONE', ' clear ']) {
      expect(parseDailyRange(w)).toEqual({ ok: true, value: null });
    }
  });

  it('refuses impossible times, missing ends, extra parts and empty ranges', () => {
    for (const bad of ['late', '9', '25-3', '24:01-3', '9:60-10', '9-10-11', '9:5-10', '', '-9']) {
      const r = parseDailyRange(bad);
      expect(r.ok, bad).toBe(false);
    }
    expect(parseDailyRange('9-9')).toEqual({ ok: false, message: { key: 'parse.sameRange' } });
    expect(parseDailyRange('0:00-24:00')).toEqual({
      ok: false,
      message: { key: 'parse.sameRange' },
    });
  });

  it('formats as stored and reads back; anything unreadable stored is no range', () => {
    expect(formatRange({ start: 0, end: 1439 })).toBe('00:00-23:59');
    expect(formatRange(range('20:00-08:00'))).toBe('20:00-08:00');
    expect(readRange('20:00-08:00')).toEqual({ start: 1200, end: 480 });
    expect(readRange(null)).toBeNull();
    expect(readRange('')).toBeNull();
    expect(readRange('garbage')).toBeNull();
    expect(readRange('off')).toBeNull();
  });
});

describe('isAway', () => {
  const quiet = range('20:00-08:00');
  const work = range('09:00-18:00');

  it('never away with no hours set', () => {
    for (const m of [0, 480, 1439]) expect(isAway(m, { work: null, quiet: null })).toBe(false);
  });

  it('quiet hours that wrap midnight: start included, end excluded', () => {
    const q = { work: null, quiet };
    expect(isAway(at('19:59'), q)).toBe(false);
    expect(isAway(at('20:00'), q)).toBe(true);
    expect(isAway(at('23:59'), q)).toBe(true);
    expect(isAway(at('00:00'), q)).toBe(true);
    expect(isAway(at('07:59'), q)).toBe(true);
    expect(isAway(at('08:00'), q)).toBe(false);
  });

  it('quiet hours within a day (a lunch break)', () => {
    const q = { work: null, quiet: range('12:00-13:00') };
    expect(isAway(at('11:59'), q)).toBe(false);
    expect(isAway(at('12:00'), q)).toBe(true);
    expect(isAway(at('13:00'), q)).toBe(false);
  });

  it('working hours: away before, after, and at their end', () => {
    const w = { work, quiet: null };
    expect(isAway(at('08:59'), w)).toBe(true);
    expect(isAway(at('09:00'), w)).toBe(false);
    expect(isAway(at('17:59'), w)).toBe(false);
    expect(isAway(at('18:00'), w)).toBe(true);
    expect(isAway(at('00:00'), w)).toBe(true);
  });

  it('a night shift (working hours across midnight)', () => {
    const w = { work: range('22:00-06:00'), quiet: null };
    expect(isAway(at('21:59'), w)).toBe(true);
    expect(isAway(at('22:00'), w)).toBe(false);
    expect(isAway(at('03:00'), w)).toBe(false);
    expect(isAway(at('06:00'), w)).toBe(true);
    expect(isAway(at('12:00'), w)).toBe(true);
  });

  it('both: quiet hours inside working hours still hold', () => {
    const both = { work, quiet: range('12:00-13:00') };
    expect(isAway(at('10:00'), both)).toBe(false);
    expect(isAway(at('12:30'), both)).toBe(true);
    expect(isAway(at('19:00'), both)).toBe(true);
  });
});

describe('minutesUntilBack', () => {
  const quiet = range('20:00-08:00');
  const work = range('09:00-18:00');

  it('null when not away (or nothing set)', () => {
    expect(minutesUntilBack(at('12:00'), { work: null, quiet: null })).toBeNull();
    expect(minutesUntilBack(at('12:00'), { work, quiet })).toBeNull();
    expect(minutesUntilBack(at('08:00'), { work: null, quiet })).toBeNull();
  });

  it('to the end of quiet hours, across midnight or not', () => {
    expect(minutesUntilBack(at('20:00'), { work: null, quiet })).toBe(12 * 60);
    expect(minutesUntilBack(at('23:30'), { work: null, quiet })).toBe(8 * 60 + 30);
    expect(minutesUntilBack(at('00:00'), { work: null, quiet })).toBe(8 * 60);
    expect(minutesUntilBack(at('07:59'), { work: null, quiet })).toBe(1);
  });

  it('to the start of working hours, today or tomorrow', () => {
    expect(minutesUntilBack(at('05:00'), { work, quiet: null })).toBe(4 * 60);
    expect(minutesUntilBack(at('18:00'), { work, quiet: null })).toBe(15 * 60);
    expect(minutesUntilBack(at('23:59'), { work, quiet: null })).toBe(9 * 60 + 1);
  });

  it('the nearer boundary is skipped when the person is still away there', () => {
    // Quiet ends at 08:00, but work starts at 09:00: back at 09:00.
    expect(minutesUntilBack(at('23:00'), { work, quiet })).toBe(10 * 60);
    expect(minutesUntilBack(at('08:30'), { work, quiet })).toBe(30);
    // Working hours that start inside quiet hours: back when quiet ends.
    const early = { work: range('07:00-15:00'), quiet };
    expect(minutesUntilBack(at('06:00'), early)).toBe(2 * 60);
    expect(minutesUntilBack(at('16:00'), early)).toBe(16 * 60);
  });

  it('a night shift: back at its start in the evening', () => {
    const w = { work: range('22:00-06:00'), quiet: null };
    expect(minutesUntilBack(at('06:00'), w)).toBe(16 * 60);
    expect(minutesUntilBack(at('21:59'), w)).toBe(1);
  });

  it('hours that leave no time at all end at the nearest boundary, so a catch-up still comes daily', () => {
    const never = { work: range('01:00-03:00'), quiet: range('00:00-06:00') };
    expect(isAway(at('02:00'), never)).toBe(true);
    // Boundaries: quiet end 06:00 (4 h ahead) and work start 01:00 (23 h ahead).
    expect(minutesUntilBack(at('02:00'), never)).toBe(4 * 60);
    // Exactly at a boundary where the person is still away: that boundary is a day ahead.
    expect(minutesUntilBack(at('06:00'), never)).toBe(19 * 60);
  });
});

describe('describeRouting', () => {
  it('the defaults', () => {
    expect(enRouting(DEFAULT_ROUTING)).toEqual([
      'Alerts: by DM and in channels',
      'Scope: your accounts',
      'Working hours: any time',
      'Quiet hours: none',
    ]);
  });

  it('every choice and filter', () => {
    expect(
      enRouting({
        delivery: 'dm',
        scope: 'team',
        filters: { segment: 'smb', tier: 'gold', minArr: 0, rules: ['detractor', 'inactivity'] },
        work: range('9-18'),
        quiet: range('22-7'),
      }),
    ).toEqual([
      'Alerts: by DM (your own accounts’ alerts skip their account channel)',
      "Scope: your team's accounts (segment=smb tier=gold min_arr=0 rules=detractor,inactivity)",
      'Working hours: 09:00-18:00',
      'Quiet hours: 22:00-07:00',
    ]);
    expect(enRouting({ ...DEFAULT_ROUTING, delivery: 'channel', scope: 'all' })).toEqual([
      'Alerts: in channels only (no DMs)',
      'Scope: every account',
      'Working hours: any time',
      'Quiet hours: none',
    ]);
  });

  it('empty rules say nothing', () => {
    expect(describeRoutingFilters({ rules: [] })).toBe('');
    expect(describeRoutingFilters({})).toBe('');
  });
});
