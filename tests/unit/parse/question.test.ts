import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { questionLocale } from '../../../src/app/questions';
import { describeQuestion } from '../../../src/cards/question-summary';
import { MAX_QUESTION_CHARS, parseQuestion } from '../../../src/domain/parse/question';
import { resolveWindow } from '../../../src/domain/parse/question-window';

describe('parseQuestion', () => {
  it('reads the issue examples', () => {
    expect(parseQuestion('which enterprise accounts renew next quarter and are red?')).toEqual({
      kind: 'accounts',
      measure: 'list',
      filters: { segment: 'enterprise', renewal: { unit: 'quarter', offset: 1 }, bands: ['red'] },
    });
    expect(parseQuestion('how much ARR renews in Q1 and is not green')).toMatchObject({
      measure: 'arr',
      filters: { bands: ['red', 'yellow'], renewal: { unit: 'quarter-of-year', quarter: 1 } },
    });
    expect(parseQuestion('why did globex drop?')).toEqual({
      kind: 'account',
      account: 'globex',
      why: true,
    });
  });

  it('never guesses: an unexplained word makes the whole question unknown', () => {
    expect(parseQuestion('red accounts in europe')).toEqual({
      kind: 'unknown',
      suggestion: '/risk',
    });
    expect(parseQuestion('renewals for purple accounts')).toMatchObject({
      suggestion: '/renewals',
    });
    expect(parseQuestion('')).toMatchObject({ kind: 'unknown' });
    expect(parseQuestion('x'.repeat(MAX_QUESTION_CHARS + 1))).toMatchObject({ kind: 'unknown' });
  });

  it('handles Slack and Teams markup, full-width text and thousands', () => {
    expect(parseQuestion('<@UTENDBOT> accounts with ARR above $250,000')).toMatchObject({
      filters: { minArr: 250_000 },
    });
    expect(parseQuestion('<at>Tend</at> ＡＲＲ超过十万的客户？')).toMatchObject({
      filters: { minArr: 100_000 },
    });
  });

  it('is deterministic and quick on long hostile input', () => {
    const hostile = `${'why is '.repeat(60)}acme red`;
    const started = performance.now();
    expect(parseQuestion(hostile)).toEqual(parseQuestion(hostile));
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('describeQuestion', () => {
  it('says what was understood in one line', () => {
    expect(
      describeQuestion(parseQuestion('red enterprise accounts renewing in the next 90 days')),
    ).toBe('red · enterprise · renews ≤ 90 days');
    expect(describeQuestion(parseQuestion('本季度续约且不是绿色的客户有多少?'))).toBe(
      'count · not green · renews this quarter',
    );
    expect(describeQuestion(parseQuestion('total ARR of gold accounts over 1.5m'))).toBe(
      'ARR total · gold tier · ARR ≥ $1.5M',
    );
  });

  it("says it in the reader's language: a Chinese question gets a Chinese summary", () => {
    expect(describeQuestion(parseQuestion('本季度续约且不是绿色的客户有多少?'), 'zh-CN')).toBe(
      '数量 · 非绿色 · 本季度续约',
    );
    expect(
      describeQuestion(
        parseQuestion('red enterprise accounts renewing in the next 90 days'),
        'zh-CN',
      ),
    ).toBe('红色 · 企业客户 · 90 天内续约');
    expect(describeQuestion(parseQuestion('不活跃的客户'), 'zh-CN')).toBe('告警：无人登录');
    expect(describeQuestion(parseQuestion('我的告警'), 'zh-CN')).toBe('我的告警');
    expect(questionLocale('阿里巴巴怎么样', parseQuestion('阿里巴巴怎么样'))).toBe('zh-CN');
    expect(questionLocale('how is 阿里巴巴 doing?', parseQuestion('how is 阿里巴巴 doing?'))).toBe(
      null,
    );
  });
});

describe('resolveWindow', () => {
  const today = '2026-11-23'; // a Monday
  it('resolves weeks (Monday first), months, quarters and Q1–Q4', () => {
    expect(resolveWindow({ unit: 'days', days: 30 }, today)).toEqual({
      from: today,
      to: '2026-12-23',
    });
    expect(resolveWindow({ unit: 'week', offset: 0 }, '2026-11-29')).toEqual({
      from: '2026-11-23',
      to: '2026-11-29',
    });
    expect(resolveWindow({ unit: 'week', offset: 1 }, today)).toEqual({
      from: '2026-11-30',
      to: '2026-12-06',
    });
    expect(resolveWindow({ unit: 'month', offset: 1 }, '2026-12-31')).toEqual({
      from: '2027-01-01',
      to: '2027-01-31',
    });
    expect(resolveWindow({ unit: 'quarter', offset: 0 }, today)).toEqual({
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(resolveWindow({ unit: 'quarter', offset: 1 }, today)).toEqual({
      from: '2027-01-01',
      to: '2027-03-31',
    });
    // Q1 is over in November: the next one.
    expect(resolveWindow({ unit: 'quarter-of-year', quarter: 1 }, today)).toEqual({
      from: '2027-01-01',
      to: '2027-03-31',
    });
    expect(resolveWindow({ unit: 'quarter-of-year', quarter: 4 }, today)).toEqual({
      from: '2026-10-01',
      to: '2026-12-31',
    });
  });
});

describe('the README question examples', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('| ask | understood as |')).split('\n\n')[0] ?? '';
  const rows = table
    .split('\n')
    .slice(2)
    .map((row) => row.split('|').map((c) => c.trim()));
  it('has examples', () => expect(rows.length).toBeGreaterThan(5));
  for (const [, ask = '', understood = ''] of rows) {
    for (const example of [...ask.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)) {
      it(`reads "${example}" as the README says`, () => {
        const said = describeQuestion(parseQuestion(example));
        expect(said).not.toBe('not understood');
        // The column names each reading; alternatives are separated by " / ".
        const summary = understood.replace(/\s*\(.*?\)/g, '');
        expect(summary.split(' / ').some((s) => s === said)).toBe(true);
      });
    }
  }
});
