import type { ExpansionRule, RuleSettings } from './model';

/**
 * The expansion ARR a signal is estimated to be worth: the account's ARR times the rule's
 * `arrUplift` (settings), rounded to the dollar. Null without an ARR. Simple on purpose, and
 * said on the card ("20% of ARR"), so nobody mistakes it for a forecast.
 */
export function expansionPotential(
  rule: ExpansionRule,
  arr: number | null,
  rules: Pick<RuleSettings, ExpansionRule>,
): number | null {
  if (arr === null || arr <= 0) return null;
  return Math.round(arr * rules[rule].arrUplift);
}

/** The rule's share of ARR as a whole percent (the card says "20% of ARR"). */
export const upliftPct = (rule: ExpansionRule, rules: Pick<RuleSettings, ExpansionRule>) =>
  Math.round(rules[rule].arrUplift * 100);

/**
 * An account's potential: the largest of its open signals' (they overlap: more seats and
 * more users are often the same deal), summed over accounts.
 */
export function totalPotential(
  signals: readonly { account_id: number; rule: ExpansionRule; arr: number | null }[],
  rules: Pick<RuleSettings, ExpansionRule>,
): { total: number; accounts: number; byAccount: Map<number, number> } {
  const byAccount = new Map<number, number>();
  for (const s of signals) {
    const p = expansionPotential(s.rule, s.arr, rules) ?? 0;
    byAccount.set(s.account_id, Math.max(byAccount.get(s.account_id) ?? 0, p));
  }
  let total = 0;
  for (const v of byAccount.values()) total += v;
  return { total, accounts: byAccount.size, byAccount };
}
