import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/domain/parse/command';
import { parseDueDate } from '../../../src/domain/parse/due-date';

// 2026-11-23 is a Monday.
const MONDAY = '2026-11-23';
const parse = (text: string) => parseCommand(text, MONDAY);

describe('Chinese command arguments', () => {
  it.each([
    ['renewals 60天', 60],
    ['renewals 六十天', 60],
    ['renewals 30天内', 30],
    ['renewals 90 天', 90],
  ])('%s is a window of %i days', (text, days) => {
    expect(parse(text)).toEqual({ kind: 'renewals', days });
  });

  it('refuses a window it cannot read', () => {
    expect(parse('renewals 很多天').kind).toBe('invalid');
  });

  it.each([
    ['周五前', '2026-11-27'],
    ['星期五之前', '2026-11-27'],
    ['周一', '2026-11-23'],
    ['下周五', '2026-12-04'],
    ['明天', '2026-11-24'],
    ['后天', '2026-11-25'],
    ['下周', '2026-11-30'],
    ['3天后', '2026-11-26'],
    ['三天后', '2026-11-26'],
    ['2周后', '2026-12-07'],
    ['1个月后', '2026-12-23'],
    ['月底前', '2026-11-30'],
    ['昨天', '2026-11-22'],
  ])('due %s is %s', (text, day) => {
    expect(parseDueDate(text, MONDAY)).toBe(day);
  });

  it('does not read other Chinese words as dates', () => {
    expect(parseDueDate('发送报告', MONDAY)).toBeNull();
    expect(parseDueDate('周报', MONDAY)).toBeNull();
  });

  it('reads a follow-up with its Chinese due date between account and text', () => {
    expect(parse('followup acme 周五前 发送报告')).toEqual({
      kind: 'followup',
      due: '2026-11-27',
      splits: [{ account: 'acme', text: '发送报告' }],
    });
    const later = parse('followup acme 发送报告 3天后');
    expect(later).toMatchObject({ kind: 'followup', due: '2026-11-26' });
    expect(parse('followup acme 发送报告')).toMatchObject({ kind: 'followup', due: null });
    expect(parse('followup acme 昨天 发送报告').kind).toBe('invalid');
  });

  it('reads /stats in Chinese', () => {
    expect(parse('stats 团队 30天')).toEqual({
      kind: 'stats',
      who: { kind: 'team' },
      period: '30d',
    });
    expect(parse('stats 我 本季度')).toEqual({
      kind: 'stats',
      who: { kind: 'me' },
      period: 'quarter',
    });
    expect(parse('stats 七天')).toEqual({ kind: 'stats', who: { kind: 'team' }, period: '7d' });
    expect(parse('stats 45天').kind).toBe('invalid');
  });
});
