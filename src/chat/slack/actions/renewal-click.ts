import { applyRenewalAction, type RenewalAction } from '../../../app/renewal-actions';
import type { ActionValue } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { clickerLocale } from './clicker-locale';
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
    const [who, locale] = await Promise.all([
      deps.identify(args.client, args.body.user.id),
      clickerLocale(deps, args.body.user.id),
    ]);
    const result = await applyRenewalAction(
      deps.ctx,
      ref,
      action,
      { id: who.id, name: `@${who.name}`, platform: 'slack', locale },
      `slack:${args.body.trigger_id}`,
    );
    await noteIfUnchanged(args, result);
  });
}
