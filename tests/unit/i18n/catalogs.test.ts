import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { money, relativeDays } from '../../../src/cards/i18n/format';
import { CATALOGS, t } from '../../../src/cards/i18n/t';
import { LOCALES, normalizeLocale } from '../../../src/domain/locale';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));
const CATALOG_DIR = path.join(SRC, 'cards', 'i18n');

/** Every .ts file under src/ but the catalogs themselves (a key must be used, not just listed). */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    if (!e.name.endsWith('.ts') || dir === CATALOG_DIR) return [];
    return [readFileSync(full, 'utf8')];
  });
}

/** Keys in a catalog that another lacks, both ways. */
function missingKeys(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...Object.keys(a).filter((k) => !(k in b)), ...Object.keys(b).filter((k) => !(k in a))];
}

/** Keys that no source file names as a string literal ('account.why'). */
function unusedKeys(keys: string[], code: string): string[] {
  return keys.filter((k) => !code.includes(`'${k}'`));
}

describe('message catalogs', () => {
  const en = CATALOGS.en;

  it('every catalog has exactly the English keys', () => {
    for (const locale of LOCALES) expect(missingKeys(en, CATALOGS[locale])).toEqual([]);
    // The check can fail: a catalog missing a key, and one with an extra key.
    const { 'account.why': _dropped, ...less } = CATALOGS['zh-CN'];
    expect(missingKeys(en, less)).toEqual(['account.why']);
    expect(missingKeys(en, { ...en, 'account.extra': 'x' })).toEqual(['account.extra']);
  });

  it('src/ uses every key, written out as a literal', () => {
    const code = sources().join('\n');
    expect(unusedKeys(Object.keys(en), code)).toEqual([]);
    expect(unusedKeys(['account.neverUsed'], code)).toEqual(['account.neverUsed']);
  });

  it('every message parses and formats in every language', () => {
    const params = {
      n: 2,
      name: 'x',
      who: 'x',
      when: 'x',
      by: 'x',
      taken: 'x',
      fallback: 'x',
      date: 'x',
      relative: 'x',
      mark: 'x',
      score: 1,
      band: 'x',
      sparkline: 'x',
      d7: 'x',
      d30: 'x',
      points: 1,
      measures: 'x',
      day: 'x',
      hours: 1,
      reason: 'x',
      scope: 'x',
      since: 'x',
      quiet: '',
      title: 'x',
      days: 1,
      money: 'x',
      from: 'x',
      to: 'x',
      drop: 1,
      owner: 'x',
      text: 'x',
      language: 'x',
      default: 'no',
      given: 'x',
      list: 'x',
      total: 'x',
      red: 1,
      notGreen: 'x',
      expansion: '',
      range: '',
      summary: 'x',
      state: 'x',
      overdue: 1,
      iso: 'x',
      what: 'x',
      due: '',
      email: 'x',
      query: 'x',
      names: 'x',
      // feature cards (wt/i18nb)
      whoKind: 'team',
      period: 'x',
      median: 'x',
      p90: 'x',
      opened: 1,
      acknowledged: 1,
      resolved: 1,
      rate: 'x',
      closed: 1,
      done: 1,
      won: 1,
      wonArr: 'x',
      lost: 1,
      lostArr: 'x',
      open: 1,
      openArr: 'x',
      of: 1,
      value: 'x',
      green: 'x',
      yellow: 'x',
      none: '',
      up: 1,
      down: 1,
      alerts: 1,
      grr: 'x',
      nrr: 'x',
      nps: 'x',
      current: 'x',
      previous: 'x',
      outcome: 'x',
      late: 'yes',
      escalated: 'yes',
      answer: 'x',
      note: 'x',
      clock: 'x',
      min: 3,
      max: 6,
      kind: 'churn',
      near: 'x',
      measure: 'x',
      change: 'x',
      goals: 2,
      priority: 'x',
      health: 'x',
      pct: 1,
      quote: 'x',
      signal: 'x',
      driver: 'x',
      urgent: 1,
      high: 2,
      oldest: '',
      more: '',
      arr: '',
      tier: 'x',
      version: 1,
      trigger: 'x',
      progress: 'x',
      delivery: 'x',
      zone: 'x',
      filters: 'x',
      next: '',
      why: '',
      usage: 'x',
      said: '',
      accounts: 1,
      followUps: 1,
      renews: '',
      how: 'x',
      words: 'x',
      periods: 'x',
      word: 'x',
      action: 'x',
      dueIso: 'x',
      platform: 'x',
      saved: 'yes',
      suggestion: 'x',
      duration: 'x',
      until: 'x',
      assignee: 'x',
      lines: 'x',
      snapshots: 1,
      ms: 1,
      ids: 'x',
      id: 1,
      file: 'x',
      read: 1,
      written: 1,
      unchanged: 1,
      rejected: 1,
      line: 1,
      field: 'x',
      counts: 'x',
      // alert summaries (wt/alertsum)
      seats: 1,
      features: 'x',
      // timeline entries and charts (wt/i18nsum)
      weeks: 12,
      // app-layer strings (wt/i18napp)
      segment: 'x',
      quarter: 1,
      rule: 'x',
      account: 'x',
      model: 'x',
      reopened: 1,
      minutes: 10,
      subject: 'goal',
      status: 'x',
      inUse: 'none',
      mention: 'x',
      weekday: 1,
      at: 'x',
      paused: '',
      sub: 'x',
      routing: 'x',
      teamNote: '',
      problem: 'x',
      own: 'yes',
      which: 'hours',
      target: 'you',
      header: 'x',
      example: 'x',
      // parse errors and CLI usage (wt/i18nrest1)
      key: 'x',
      forms: 'x',
      known: 'x',
      set: 'yes',
      rules: 'x',
      // CLI flags, configuration, seed and purge-account (wt/lang)
      flag: 'x',
      replaced: 0,
      tickets: 1,
      surveys: 1,
      problems: 'x',
      where: 'x',
      shown: 'x',
      shape: 'string',
      path: 'x',
      code: 'x',
      format: 'x',
      host: 'x',
      reasons: 'x',
      feature: 'x',
      other: 'x',
      role: 'x',
      prefix: 'x',
      created: 'x',
      used: 'x',
      revoked: 'none',
      cursor: 'none',
      port: 'x',
      head: 'none',
      anchored: 'no',
      rows: 1,
      count: 1,
      // tend jobs, import, sync, audit, Slack start-up (wt/lang2)
      accountsN: 1,
      firedN: 1,
      loopsN: 1,
      messagesN: 1,
      continuingN: 1,
      candidatesN: 1,
      remindersN: 1,
      digestsN: 1,
      subscriptionsN: 1,
      metricsN: 1,
      escalatedN: 1,
      startedN: 1,
      readN: 1,
      writtenN: 1,
      rejectedN: 1,
      sent: 'queued',
      slot: 'x',
      error: 'x',
      errorAt: 'x',
      pending: 1,
      sentN: 1,
      failed: 1,
      job: 'x',
      detail: 'x',
      connector: 'x',
      received: 1,
      duplicates: 1,
      skipped: 1,
      success: 'x',
      attempts: 1,
      offset: 'x',
      missing: 'x',
      unknown: 'none',
      repeated: 'x',
      company: 'x',
      team: 'x',
    };
    for (const locale of LOCALES) {
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(() => t(locale, key, params), `${locale} ${key}`).not.toThrow();
      }
    }
  });
});

describe('ICU plurals, numbers and days', () => {
  it('picks the English plural form and Chinese has none', () => {
    expect(t('en', 'alert.moreSignals', { n: 1 })).toBe('+1 more signal');
    expect(t('en', 'alert.moreSignals', { n: 3 })).toBe('+3 more signals');
    expect(t('en', 'digest.summary', { n: 1, scope: 's', since: 'x', quiet: '' })).toBe(
      '1 account (s) · x',
    );
    expect(t('en', 'digest.summary', { n: 1200, scope: 's', since: 'x', quiet: '' })).toBe(
      '1,200 accounts (s) · x',
    );
    expect(t('zh-CN', 'alert.moreSignals', { n: 3 })).toBe('另有 3 个信号');
  });

  it('writes plural counts with a thousands separator, and plain values as given', () => {
    // A count read in a sentence: "1,234 accounts", "1,234 个客户" (# in a plural is a number).
    expect(t('en', 'portfolio.fallback', { n: 1234, red: 5 })).toBe('1,234 accounts, 5 red');
    expect(t('en', 'renewals.title', { days: 1000, range: '' })).toBe('Renewals in 1000 days');
    expect(t('en', 'renewal.title', { days: 1234, name: 'Acme' })).toBe(
      'Renewal in 1,234 days: Acme',
    );
    // A plain placeholder is not a count: an id or a year keeps its digits as they are.
    expect(t('en', 'parse.badDays', { given: 2026, max: 730, usage: 'u' })).toBe(
      '"2026" is not a number of days from 1 to 730. Try u.',
    );
    expect(t('en', 'error.tooLong', { max: 4000 })).toBe(
      'That is too long for a command: at most 4000 characters.',
    );
    expect(t('zh-CN', 'thread.reminderSent', { who: 'x', hours: 1000 })).toContain('1000 小时');
    // Every English plural writes its count through #, never {n} beside a plural (which would
    // print 1234 next to "accounts" while the # form prints 1,234).
    for (const [key, text] of Object.entries(CATALOGS.en)) {
      const plurals = [...text.matchAll(/\{(\w+), plural,/g)].map((m) => m[1]);
      for (const name of plurals) {
        const bare = new RegExp(`\\{${name}\\}`).test(text.replace(/\{\w+, plural,.*$/s, ''));
        expect(bare, `${key} writes {${name}} outside its plural`).toBe(false);
      }
    }
  });

  it('writes money and relative days for the locale', () => {
    expect(money('en', 1_250_000)).toBe('$1,250,000');
    expect(money('zh-CN', 1_250_000)).toBe('US$1,250,000');
    expect(money('zh-CN', null)).toBe('—');
    expect(relativeDays('en', 1)).toBe('in 1 day');
    expect(relativeDays('en', -3)).toBe('3 days ago');
    expect(relativeDays('zh-CN', 5)).toBe('5天后');
    expect(relativeDays('zh-CN', -3)).toBe('3天前');
    expect(relativeDays('zh-CN', 0, true)).toBe('今天');
  });

  it('reads platform locale tags and typed language names', () => {
    expect(normalizeLocale('zh-CN')).toBe('zh-CN');
    expect(normalizeLocale('zh_TW')).toBe('zh-CN');
    expect(normalizeLocale('中文')).toBe('zh-CN');
    expect(normalizeLocale('en-GB')).toBe('en');
    expect(normalizeLocale('fr-FR')).toBeNull();
    expect(normalizeLocale(undefined)).toBeNull();
  });
});
