import type { AccountFilters } from '../domain/parse/question-model';
import { resolveWindow } from '../domain/parse/question-window';
import type { AccountQuery } from '../store/account-query';

/** "Dropping" / "improving": the score moved this many points over TREND_DAYS. */
export const TREND_POINTS = 5;
export const TREND_DAYS = 30;

/** The filters as the store takes them: windows in days from today, "me" as an e-mail. */
export function accountQueryOf(
  f: AccountFilters,
  today: string,
  email: string | null,
): AccountQuery {
  const window = f.renewal ? resolveWindow(f.renewal, today) : null;
  return {
    ...(f.bands ? { bands: f.bands } : {}),
    ...(f.atRisk ? { atRisk: true } : {}),
    ...(f.segment ? { segment: f.segment } : {}),
    ...(f.tier ? { tier: f.tier } : {}),
    ...(f.owner?.kind === 'me' && email ? { ownerEmail: email } : {}),
    ...(f.owner?.kind === 'email' ? { ownerEmail: f.owner.email } : {}),
    ...(f.owner?.kind === 'name' ? { ownerHandle: f.owner.name } : {}),
    ...(f.minArr !== undefined ? { minArr: f.minArr } : {}),
    ...(f.maxArr !== undefined ? { maxArr: f.maxArr } : {}),
    ...(window ? { renewalFrom: window.from, renewalTo: window.to } : {}),
    ...(f.rule ? { rule: f.rule } : {}),
    ...(f.trend ? { trend: f.trend } : {}),
    trendDays: TREND_DAYS,
    trendPoints: TREND_POINTS,
  };
}
