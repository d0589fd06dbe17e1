import type { Locale } from '../domain/locale';
import type { AccountFilters, Question, RenewalWindow } from '../domain/parse/question-model';
import { ruleWords } from './format';
import { type MessageKey, t } from './i18n/t';

/** $250k, $1.5M: short, because the summary is one line (the same in every language). */
function money(n: number): string {
  if (n >= 1e6) return `$${+(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `$${+(n / 1e3).toFixed(1)}k`;
  return `$${n}`;
}

const PART_SEPARATOR = ' · ';

/** The segments and tiers the question parser knows, in the reader's words; others as typed. */
const VALUE_KEYS: Record<string, MessageKey> = {
  enterprise: 'question.sum.value.enterprise',
  'mid-market': 'question.sum.value.midMarket',
  smb: 'question.sum.value.smb',
  gold: 'question.sum.value.gold',
  silver: 'question.sum.value.silver',
  bronze: 'question.sum.value.bronze',
};

const valueWords = (locale: Locale, value: string): string => {
  const key = VALUE_KEYS[value.toLowerCase()];
  return key ? t(locale, key) : value;
};

const WINDOW_KEYS: Record<'week' | 'month' | 'quarter', [MessageKey, MessageKey]> = {
  week: ['question.sum.renewsThisWeek', 'question.sum.renewsNextWeek'],
  month: ['question.sum.renewsThisMonth', 'question.sum.renewsNextMonth'],
  quarter: ['question.sum.renewsThisQuarter', 'question.sum.renewsNextQuarter'],
};

function windowText(locale: Locale, w: RenewalWindow): string {
  switch (w.unit) {
    case 'days':
      return t(locale, 'question.sum.renewsWithin', { days: w.days });
    case 'week':
    case 'month':
    case 'quarter':
      return t(locale, WINDOW_KEYS[w.unit][w.offset]);
    case 'quarter-of-year':
      return t(locale, 'question.sum.renewsInQuarter', { quarter: w.quarter });
  }
}

/**
 * The filters as read, e.g. "red · enterprise · renews ≤ 90 days" / "红色 · 企业 · 90 天内续约";
 * "all accounts" for none. The domain gives the filters; the words are the reader's.
 */
export function describeFilters(f: AccountFilters, locale: Locale = 'en'): string {
  const tr = (key: MessageKey, p?: Record<string, string | number>) => t(locale, key, p);
  const parts: string[] = [];
  if (f.bands) {
    parts.push(
      f.bands.length === 2 && !f.bands.includes('green')
        ? tr('question.sum.notGreen')
        : f.bands.length === 2 && !f.bands.includes('red')
          ? tr('question.sum.notRed')
          : f.bands.map((b) => tr(`band.${b}`)).join(tr('question.sum.or')),
    );
  }
  if (f.atRisk) parts.push(tr('question.sum.atRisk'));
  if (f.segment) parts.push(tr('question.sum.segment', { segment: valueWords(locale, f.segment) }));
  if (f.tier) parts.push(tr('question.sum.tier', { tier: valueWords(locale, f.tier) }));
  if (f.owner) {
    parts.push(
      f.owner.kind === 'me'
        ? tr('question.sum.mine')
        : tr('question.sum.owner', {
            owner: f.owner.kind === 'email' ? f.owner.email : f.owner.name,
          }),
    );
  }
  if (f.minArr !== undefined && f.maxArr !== undefined) {
    parts.push(tr('question.sum.arrBetween', { min: money(f.minArr), max: money(f.maxArr) }));
  } else if (f.minArr !== undefined)
    parts.push(tr('question.sum.arrAtLeast', { min: money(f.minArr) }));
  else if (f.maxArr !== undefined)
    parts.push(tr('question.sum.arrAtMost', { max: money(f.maxArr) }));
  if (f.renewal) parts.push(windowText(locale, f.renewal));
  if (f.rule) {
    // English keeps the rule's own name (the README's examples); other languages the rule's words.
    const rule = locale === 'en' ? f.rule.replaceAll('_', ' ') : ruleWords(f.rule, locale);
    parts.push(tr('question.sum.rule', { rule }));
  }
  if (f.trend)
    parts.push(tr(f.trend === 'dropping' ? 'question.sum.dropping' : 'question.sum.improving'));
  return parts.length === 0 ? tr('question.sum.all') : parts.join(PART_SEPARATOR);
}

/** One line saying what Tend understood, in the reader's language, so a wrong reading shows. */
export function describeQuestion(q: Question, locale: Locale = 'en'): string {
  switch (q.kind) {
    case 'account':
      return t(locale, q.why ? 'question.sum.why' : 'question.sum.health', { account: q.account });
    case 'accounts': {
      const what = describeFilters(q.filters, locale);
      if (q.measure === 'count')
        return `${t(locale, 'question.sum.count')}${PART_SEPARATOR}${what}`;
      if (q.measure === 'arr')
        return `${t(locale, 'question.sum.arrTotal')}${PART_SEPARATOR}${what}`;
      return what;
    }
    case 'followups':
      return t(locale, 'question.sum.followups');
    case 'alerts':
      return t(locale, 'question.sum.alerts');
    case 'unknown':
      return t(locale, 'question.sum.unknown');
  }
}
