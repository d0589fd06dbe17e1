import { type Finding, RULES, type RuleName } from './model';

const SEVERITY_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };
const rank = (severity: string) => SEVERITY_RANK[severity] ?? 3;
const order = (rule: string) => {
  const i = RULES.indexOf(rule as RuleName);
  return i < 0 ? RULES.length : i;
};

/** Most important first: the most severe, then the first in RULES order. */
export function leadFirst(
  a: { rule: string; severity: string },
  b: { rule: string; severity: string },
): number {
  return rank(a.severity) - rank(b.severity) || order(a.rule) - order(b.rule);
}

export interface EpisodePlan<T> {
  /** Findings that open a new episode: one card each (at most one per account). */
  leads: T[];
  /** Findings that join an episode: an open one (`leadId`), or a lead of this run. */
  joins: { item: T; leadId: number | null; leadOf: T | null }[];
}

/**
 * One card per account episode: while an account has an open alert, new findings join it
 * rather than post a card of their own; an account without one gets one lead (the most
 * severe finding) and the rest of its findings join that.
 */
export function planEpisodes<T extends { accountId: number; finding: Finding }>(
  fresh: T[],
  openLeads: ReadonlyMap<number, number>,
): EpisodePlan<T> {
  const byAccount = new Map<number, T[]>();
  for (const f of fresh) {
    const list = byAccount.get(f.accountId) ?? [];
    list.push(f);
    byAccount.set(f.accountId, list);
  }
  const plan: EpisodePlan<T> = { leads: [], joins: [] };
  for (const [accountId, items] of byAccount) {
    const open = openLeads.get(accountId);
    if (open !== undefined) {
      for (const item of items) plan.joins.push({ item, leadId: open, leadOf: null });
      continue;
    }
    const [lead, ...rest] = [...items].sort((a, b) => leadFirst(a.finding, b.finding));
    if (!lead) continue;
    plan.leads.push(lead);
    for (const item of rest) plan.joins.push({ item, leadId: null, leadOf: lead });
  }
  return plan;
}

/** Whether a resolved alert is still inside its rule's cooldown at `now`. */
export function inCooldown(resolvedAt: Date | null, cooldownHours: number, now: Date): boolean {
  return resolvedAt !== null && now.getTime() - resolvedAt.getTime() < cooldownHours * 3_600_000;
}
