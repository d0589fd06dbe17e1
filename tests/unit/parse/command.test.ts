import { describe, expect, it } from 'vitest';
import { problemText } from '../../../src/cards/problem-text';
import { parseCommand } from '../../../src/domain/parse/command';

const MONDAY = '2026-11-23';
const parse = (text: string) => parseCommand(text, MONDAY);

describe('parseCommand', () => {
  it('reads health with and without an account', () => {
    expect(parse('health acme corp')).toEqual({ kind: 'health', query: 'acme corp' });
    expect(parse('/health   Acme   Corp ')).toEqual({ kind: 'health', query: 'Acme Corp' });
    expect(parse('health')).toEqual({ kind: 'portfolio' });
    expect(parse('HEALTH')).toEqual({ kind: 'portfolio' });
  });

  it('reads a follow-up with a due date at the end', () => {
    expect(parse('followup acme send QBR deck by friday')).toEqual({
      kind: 'followup',
      due: '2026-11-27',
      splits: [
        { account: 'acme send QBR', text: 'deck' },
        { account: 'acme send', text: 'QBR deck' },
        { account: 'acme', text: 'send QBR deck' },
      ],
    });
  });

  it.each([
    ['followup acme call CFO in 3 days', '2026-11-26'],
    ['followup acme call CFO 2026-12-01', '2026-12-01'],
    ['followup acme call CFO tomorrow', '2026-11-24'],
    ['followup acme call CFO by next week', '2026-11-30'],
    ['followup acme call CFO due 2026-12-01', '2026-12-01'],
    ['followup acme call CFO end of month', '2026-11-30'],
    ['followup acme call CFO by end of month', '2026-11-30'],
    ['followup acme call CFO today', '2026-11-23'],
  ])('%s is due %s', (text, due) => {
    const cmd = parse(text);
    expect(cmd.kind === 'followup' && cmd.due).toBe(due);
    expect(cmd.kind === 'followup' && cmd.splits.at(-1)).toEqual({
      account: 'acme',
      text: 'call CFO',
    });
  });

  it.each([
    ['followup acme call CFO by yesterday', '22 Nov (2026-11-22)'],
    ['followup acme call CFO yesterday', '22 Nov (2026-11-22)'],
    ['followup acme call CFO by 2026-11-20', '20 Nov (2026-11-20)'],
    ['followup acme call CFO 2020-01-01', '1 Jan 2020 (2020-01-01)'],
  ])('refuses the past due date in %j, saying which day', (text, day) => {
    const cmd = parse(text);
    expect(cmd.kind).toBe('invalid');
    if (cmd.kind !== 'invalid') return;
    expect(problemText('en', cmd.problem)).toBe(
      `The due date ${day} is in the past. Give today or a later day, e.g. by friday or in 3 days. Nothing recorded.`,
    );
    expect(problemText('zh-CN', cmd.problem)).toContain('已经过去');
  });

  it('keeps a "by" that is not a date in the text', () => {
    const cmd = parse('followup acme: reach them by phone');
    expect(cmd).toEqual({
      kind: 'followup',
      due: null,
      splits: [{ account: 'acme', text: 'reach them by phone' }],
    });
  });

  it('takes a quoted or colon-separated account as given', () => {
    expect(parse('followup "Acme Corp" send deck by friday')).toEqual({
      kind: 'followup',
      due: '2026-11-27',
      splits: [{ account: 'Acme Corp', text: 'send deck' }],
    });
    expect(parse('followup Acme Corp: send deck')).toMatchObject({
      splits: [{ account: 'Acme Corp', text: 'send deck' }],
    });
  });

  it('asks for the task when only an account is given', () => {
    expect(parse('followup acme')).toMatchObject({ kind: 'invalid' });
    expect(parse('followup')).toMatchObject({ kind: 'invalid' });
  });

  it('reads renewals with a default and refuses nonsense', () => {
    expect(parse('renewals')).toEqual({ kind: 'renewals', days: 90 });
    expect(parse('renewals 30')).toEqual({ kind: 'renewals', days: 30 });
    expect(parse('renewals 45d')).toEqual({ kind: 'renewals', days: 45 });
    expect(parse('renewals soon')).toMatchObject({ kind: 'invalid' });
    expect(parse('renewals 0')).toMatchObject({ kind: 'invalid' });
    expect(parse('renewals 9999')).toMatchObject({ kind: 'invalid' });
  });

  it('reads the other commands', () => {
    expect(parse('followups')).toEqual({ kind: 'followups' });
    expect(parse('risk')).toEqual({ kind: 'risk' });
    expect(parse('help')).toEqual({ kind: 'help' });
    expect(parse('cs help')).toEqual({ kind: 'help' });
    expect(parse('cs')).toEqual({ kind: 'help' });
  });

  it('reads cs subscription commands into a typed command', () => {
    expect(parse('cs subscribe digest tier=enterprise at 08:30 tz Europe/Berlin')).toEqual({
      kind: 'cs',
      action: 'subscribe',
      args: 'digest tier=enterprise at 08:30 tz Europe/Berlin',
    });
    expect(parse('cs pause 7d')).toEqual({ kind: 'cs', action: 'pause', args: '7d' });
    expect(parse('cs Subscriptions')).toEqual({ kind: 'cs', action: 'subscriptions', args: '' });
    expect(parse('cs frobnicate')).toMatchObject({ kind: 'invalid' });
  });

  it('says which word it did not understand', () => {
    expect(parse('dance now')).toEqual({
      kind: 'invalid',
      problem: { key: 'parse.unknownCommand', params: { word: 'dance' } },
    });
    const said = (text: string, locale: 'en' | 'zh-CN') => {
      const cmd = parse(text);
      return cmd.kind === 'invalid' ? problemText(locale, cmd.problem) : '';
    };
    expect(said('dance now', 'en')).toBe('I don\'t know the command "dance".');
    expect(said('dance now', 'zh-CN')).toBe('我不认识命令“dance”。');
    // A usage line is quoted in the reader's language.
    expect(said('plan', 'en')).toBe('Tell me the account: plan <account>, e.g. plan acme.');
    expect(said('plan', 'zh-CN')).toBe('请告诉我是哪个客户：/plan <客户>，例如 /plan acme。');
    expect(said('stats 14d', 'en')).toContain(
      'stats [me|team|@person|e-mail] [7d|30d|90d|quarter]',
    );
  });

  it('reads stats: whose figures and which period, in any order, team and 30d by default', () => {
    expect(parse('stats')).toEqual({ kind: 'stats', who: { kind: 'team' }, period: '30d' });
    expect(parse('stats me 7d')).toEqual({ kind: 'stats', who: { kind: 'me' }, period: '7d' });
    expect(parse('stats QUARTER team')).toEqual({
      kind: 'stats',
      who: { kind: 'team' },
      period: 'quarter',
    });
    expect(parse('stats Jane@Acme.com 90d')).toEqual({
      kind: 'stats',
      who: { kind: 'person', email: 'jane@acme.com' },
      period: '90d',
    });
    // A Slack mention without an e-mail on the profile arrives unresolved.
    expect(parse('stats <@U0X|x>')).toMatchObject({
      kind: 'invalid',
      problem: { key: 'parse.statsNoEmail', params: { who: '<@U0X|x>' } },
    });
    expect(parse('stats 14d')).toMatchObject({ kind: 'invalid' });
  });
});
