import type { Locale } from '../domain/locale';
import { alertSummary } from './alert-summary';
import { potentialWords } from './expansion-words';
import { formatMoney, ruleWords, shortName } from './format';
import { t } from './i18n/t';
import { bold, type Card, rich } from './model';

export interface OpportunityCardView {
  account: { name: string; owner: string | null; arr: number | null };
  rule: string;
  summary: string;
  /** The summary as code and values (alerts.summary_args); null on older alerts. */
  summaryArgs?: unknown;
  potential: number | null;
  /** The rule's share of ARR, in percent: how the potential was computed ("20% of ARR"). */
  upliftPct: number;
  createdBy: string;
  locale?: Locale;
}

/** What the sales channel sees when someone turns an expansion signal into an opportunity. */
export function opportunityCard(v: OpportunityCardView): Card {
  const locale = v.locale ?? 'en';
  const name = shortName(v.account.name);
  const signal = ruleWords(v.rule, locale);
  return {
    title: t(locale, 'opportunity.title', { name }),
    fallback: t(locale, 'opportunity.fallback', {
      name,
      signal,
      money: formatMoney(v.potential, locale),
    }),
    blocks: [
      {
        type: 'text',
        text: rich(bold(`📈 ${name}`), `: ${alertSummary(locale, v.summary, v.summaryArgs)}`),
      },
      {
        type: 'facts',
        facts: [
          { label: t(locale, 'alert.signal'), value: rich(signal) },
          {
            label: t(locale, 'alert.potential'),
            value: rich(potentialWords(locale, v.potential, v.upliftPct)),
          },
          { label: t(locale, 'alert.arr'), value: rich(formatMoney(v.account.arr, locale)) },
          { label: t(locale, 'alert.owner'), value: rich(v.account.owner ?? '—') },
        ],
      },
      { type: 'context', text: rich(t(locale, 'opportunity.createdBy', { who: v.createdBy })) },
    ],
    locale,
  };
}
