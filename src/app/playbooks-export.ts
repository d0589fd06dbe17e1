import { findByExternalId } from '../store/accounts';
import { opportunitiesOfAccount } from '../store/opportunities';
import { runsOfAccount } from '../store/playbooks';
import type { AppContext } from './context';

/**
 * GET /api/v1/accounts/:externalId/playbooks: the account's playbook runs with every step (who
 * ticked it, when) and the opportunities recorded from its expansion signals, as stored. Null
 * for an unknown account.
 */
export async function playbooksExport(ctx: AppContext, externalId: string) {
  const account = await findByExternalId(ctx.db, externalId);
  if (!account) return null;
  const [runs, opportunities] = await Promise.all([
    runsOfAccount(ctx.db, account.id),
    opportunitiesOfAccount(ctx.db, account.id),
  ]);
  const at = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    account: { externalId: account.external_id, name: account.name },
    playbookRuns: runs.map((r) => ({
      id: r.id,
      playbook: r.playbook,
      version: r.version,
      title: r.title,
      trigger: r.trigger,
      occurrence: r.occurrence,
      startedBy: r.started_by,
      startedAt: r.started_at.toISOString(),
      completedAt: at(r.completed_at),
      steps: r.steps.map((s) => ({
        position: s.position,
        title: s.title,
        owner: s.owner_email,
        dueOn: s.due_on,
        doneAt: at(s.done_at),
        doneBy: s.done_by,
      })),
    })),
    opportunities: opportunities.map((o) => ({
      id: o.id,
      alertId: o.alert_id,
      rule: o.rule,
      potentialArr: o.potential_arr,
      createdBy: o.created_by,
      createdAt: o.created_at.toISOString(),
    })),
  };
}
