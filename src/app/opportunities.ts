import { opportunityCard } from '../cards/opportunity-card';
import type { Db } from '../db/schema';
import type { Account } from '../db/tables/accounts';
import type { Alert } from '../db/tables/alerts';
import { expansionPotential, isExpansionRule, upliftPct } from '../domain/rules';
import { insertOpportunity } from '../store/opportunities';
import { enqueue } from '../store/outbox';
import type { Actor } from './alert-actions';
import { escalationTarget } from './alert-escalation';
import type { AppContext } from './context';
import { channelLocales } from './languages';

export { opportunityOf } from '../store/opportunities';

/**
 * Records the opportunity of an expansion alert (once: the unique alert id) and, when
 * `expansion.salesChannel` is set, posts it there through the outbox, in the caller's
 * transaction (the alert action's).
 */
export async function recordOpportunity(
  ctx: AppContext,
  trx: Db,
  alert: Alert,
  account: Account,
  actor: Actor,
  now: Date,
): Promise<boolean> {
  if (!isExpansionRule(alert.rule)) return false;
  const rules = ctx.config.settings.rules;
  const potential = expansionPotential(alert.rule, account.arr, rules);
  const row = await insertOpportunity(trx, {
    accountId: account.id,
    alertId: alert.id,
    rule: alert.rule,
    potentialArr: potential,
    by: actor.name,
    at: now,
  });
  if (!row) return false;
  const target = escalationTarget(ctx.config.settings.expansion.salesChannel);
  if (target) {
    const locale = (await channelLocales({ ...ctx, db: trx }))(target.platform, target.channelId);
    const card = opportunityCard({
      account: { name: account.name, owner: account.owner_email, arr: account.arr },
      rule: alert.rule,
      summary: alert.summary,
      summaryArgs: alert.summary_args,
      potential,
      upliftPct: upliftPct(alert.rule, rules),
      createdBy: actor.name,
      locale,
    });
    await enqueue(
      trx,
      [
        {
          ...target,
          dedupeKey: `opportunity:${row.id}:post:${target.platform}:${target.channelId}`,
          payload: { op: 'post', kind: 'opportunity', card },
          accountId: account.id,
        },
      ],
      now,
    );
  }
  return true;
}
