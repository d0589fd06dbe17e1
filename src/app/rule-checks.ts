import { claimRuleChecks, dueRuleChecks, lockAlertFiring, staleAmong } from '../store/rule-checks';
import { loadRuleFacts } from '../store/rule-facts';
import { expansionFactOptions, type FiringSummary, fireFindings } from './alerts';
import { type AppContext, localDay } from './context';
import { recomputeHealth } from './health-recompute';

/**
 * How long a queued check waits after the first batch that touched its account: batches
 * landing meanwhile (a sync's pages, a burst of events) join the same check.
 */
export const RULE_CHECK_DEBOUNCE_MS = 20_000;

/** Accounts per evaluation transaction: bounds the lock time and the memory per step. */
const CHECKS_PER_STEP = 500;

export interface RuleCheckSummary extends FiringSummary {
  checked: number;
}

/**
 * Fresh signals: evaluates the alert rules for the accounts ingestion queued (and whose
 * debounce passed), not every account. Health is recomputed first where it is stale, since
 * band and score rules read today's snapshot. Each step claims its checks in the transaction
 * that fires their alerts, under the same lock and dedupe as the hourly risk job, so replicas
 * and the risk job may all run at once and an alert still fires once.
 */
export async function runRuleChecks(ctx: AppContext): Promise<RuleCheckSummary> {
  const now = ctx.clock.now();
  const day = localDay(ctx, now);
  const total: RuleCheckSummary = {
    checked: 0,
    findings: 0,
    fired: 0,
    joined: 0,
    reopened: 0,
    continuing: 0,
    messages: 0,
    playbooks: 0,
  };
  for (;;) {
    const due = await dueRuleChecks(ctx.db, now, CHECKS_PER_STEP);
    if (due.length === 0) break;
    const stale = await staleAmong(ctx.db, due);
    if (stale.length > 0) await recomputeHealth(ctx, { accountIds: stale, day });
    const step = await ctx.db.transaction().execute(async (trx) => {
      await lockAlertFiring(trx);
      const claimed = await claimRuleChecks(trx, due, now);
      if (claimed.length === 0) return null;
      const facts = await loadRuleFacts(
        trx,
        day,
        ctx.config.settings.rules.score_drop.days,
        claimed,
        expansionFactOptions(ctx),
      );
      return { checked: claimed.length, ...(await fireFindings(ctx, trx, facts, day, claimed)) };
    });
    // Nothing claimed: another replica took these; it also takes whatever follows them.
    if (!step) break;
    for (const key of Object.keys(total) as (keyof RuleCheckSummary)[]) total[key] += step[key];
    if (due.length < CHECKS_PER_STEP) break;
  }
  return total;
}
