import { applyRenewalAction, type RenewalAction } from '../../../app/renewal-actions';
import { renewalValue } from '../../../cards/button-values';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { parseValue } from '../values';
import { type ButtonArgs, buttonValue } from './show';
import { noteIfUnchanged } from './unchanged-note';

export { renewalValue };

export function renewalRef(args: ButtonArgs) {
  return parseValue(renewalValue, buttonValue(args));
}

/** A renewal button: trigger_id as request key; a moot click is answered privately. */
export async function runRenewalClick(
  deps: SlackDeps,
  args: ButtonArgs,
  what: string,
  action: RenewalAction,
): Promise<void> {
  await args.ack();
  const ref = renewalRef(args);
  if (!ref) return;
  await safely(deps.ctx.log, what, async () => {
    const who = await deps.identify(args.client, args.body.user.id);
    const result = await applyRenewalAction(
      deps.ctx,
      ref,
      action,
      { id: who.id, name: `@${who.name}`, platform: 'slack' },
      `slack:${args.body.trigger_id}`,
    );
    await noteIfUnchanged(args, result);
  });
}
