import type { AlertAction } from '../../../app/alert-actions';
import { applyAlertAction } from '../../../app/alert-actions';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import type { ButtonArgs } from './show';
import { noteIfUnchanged } from './unchanged-note';

/**
 * Runs an alert action for a Slack click. The request key is the interaction's trigger_id, so
 * Slack's retry of the same request (or a double submit) is recorded once. The message is
 * rewritten through the outbox (chat.update on every copy); a moot click is answered privately.
 */
export async function runAlertClick(
  deps: SlackDeps,
  args: ButtonArgs,
  what: string,
  decide: () => Promise<{ alertId: number; action: AlertAction } | null>,
): Promise<void> {
  await safely(deps.ctx.log, what, async () => {
    const decided = await decide();
    if (!decided) return;
    const who = await deps.identify(args.client, args.body.user.id);
    const result = await applyAlertAction(
      deps.ctx,
      decided.alertId,
      decided.action,
      { id: who.id, name: `@${who.name}`, platform: 'slack', locale: who.locale ?? undefined },
      `slack:${args.body.trigger_id}`,
    );
    await noteIfUnchanged(args, result);
  });
}
