import type { Fact } from '../domain/health';
import type { Locale } from '../domain/locale';
import { day } from './i18n/format';
import { type MessageKey, type Params, t } from './i18n/t';

const PRIORITY_KEYS: readonly MessageKey[] = [
  'why.priority.urgent',
  'why.priority.high',
  'why.priority.normal',
  'why.priority.low',
];

const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);
// ICU `select` needs a value: 'none' picks the form without a respondent.
const respondent = (who: string | null) => who ?? 'none';

/**
 * One health fact (what a measure found, as a snapshot stores it) in the reader's language.
 * The English forms are the engine's own (domain/health/facts.ts factText): a test holds the
 * two together.
 */
export function factWords(locale: Locale, fact: Fact): string {
  const tr = (key: MessageKey, params?: Params) => t(locale, key, params);
  switch (fact[0]) {
    case 'usage_none':
      return tr('why.usage_none');
    case 'usage_drop':
      return fact[1] === 'logins'
        ? tr('why.usage_drop_logins', { drop: fact[2] })
        : tr('why.usage_drop_users', { drop: fact[2] });
    case 'usage_util':
      return tr('why.usage_util', { n: fact[1] });
    case 'recency_none':
      return tr('why.recency_none');
    case 'recency_never':
      return tr('why.recency_never');
    case 'recency_today':
      return tr('why.recency_today');
    case 'recency_gap':
      return tr('why.recency_gap', { days: fact[1] });
    case 'recency_ago':
      return tr('why.recency_ago', { days: fact[1] });
    case 'adoption_none':
      return tr('why.adoption_none');
    case 'adoption':
      return tr('why.adoption', { n: fact[1], total: fact[2] });
    case 'support_none':
      return tr('why.support_none');
    case 'support_nothing':
      return tr('why.support_nothing');
    case 'support_clear':
      return tr('why.support_clear');
    case 'support_old_urgent':
      return tr('why.support_old_urgent', { n: fact[1], days: fact[2] });
    case 'support_open': {
      const [, total, ...counts] = fact;
      const list = PRIORITY_KEYS.flatMap((key, i) =>
        counts[i] ? [tr(key, { n: counts[i] })] : [],
      ).join(tr('why.listSeparator'));
      return tr('why.support_open', { n: total, list });
    }
    case 'sentiment_none':
      return tr('why.sentiment_none');
    case 'csat':
      return tr('why.csat', { score: fact[1].toFixed(1) });
    case 'detractor':
      return tr('why.detractor', {
        score: String(fact[1]),
        who: respondent(fact[2]),
        day: day(locale, fact[3]),
      });
    case 'detractors':
      return tr('why.detractors', {
        n: fact[1],
        score: String(fact[2]),
        who: respondent(fact[3]),
        day: day(locale, fact[4]),
      });
    case 'nps':
      return tr('why.nps', { score: signed(fact[1]), n: fact[2] });
  }
}

/** A measure's facts as one "why" line, the costlier first. */
export function whyLine(locale: Locale, facts: readonly Fact[]): string {
  return facts.map((f) => factWords(locale, f)).join(t(locale, 'why.factSeparator'));
}
