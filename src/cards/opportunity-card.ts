import { formatMoney, ruleWords, shortName } from './format';
import { bold, type Card, rich } from './model';

export interface OpportunityCardView {
  account: { name: string; owner: string | null; arr: number | null };
  rule: string;
  summary: string;
  potential: number | null;
  /** How the potential was computed ("20% of ARR"). */
  how: string;
  createdBy: string;
}

/** What the sales channel sees when someone turns an expansion signal into an opportunity. */
export function opportunityCard(v: OpportunityCardView): Card {
  const name = shortName(v.account.name);
  return {
    title: `New opportunity: ${name}`,
    fallback: `New opportunity: ${name}, ${ruleWords(v.rule)}, potential ${formatMoney(v.potential)}`,
    blocks: [
      { type: 'text', text: rich(bold(`📈 ${name}`), `: ${v.summary}`) },
      {
        type: 'facts',
        facts: [
          { label: 'Signal', value: rich(ruleWords(v.rule)) },
          { label: 'Potential', value: rich(`${formatMoney(v.potential)} (${v.how})`) },
          { label: 'ARR', value: rich(formatMoney(v.account.arr)) },
          { label: 'Owner', value: rich(v.account.owner ?? '—') },
        ],
      },
      { type: 'context', text: rich(`Created by ${v.createdBy}`) },
    ],
  };
}
