import { applyRenewalAction, type RenewalAction } from '../../../app/renewal-actions';
import type { ActionValue } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import type { ButtonArgs } from './show';
import { noteIfUnchanged } from './unchanged-note';

/** A renewal button: trigger_id as request key; a moot click is answered privately. */
export async function runRenewalClick(
  deps: SlackDeps,
  args: ButtonArgs,
  ref: ActionValue<'renewal.plan'>,
  what: string,
  action: RenewalAction,
): Promise<void> {
  await safely(deps.ctx.log, what, async () => {
    const who = await deps.identify(args.client, args.body.user.id);
    const result = await applyRenewalAction(
      deps.ctx,
      ref,
      action,
      { id: who.id, name: `@${who.name}`, platform: 'slack', locale: who.locale ?? undefined },
      `slack:${args.body.trigger_id}`,
    );
    await noteIfUnchanged(args, result);
  });
}
