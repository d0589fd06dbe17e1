import { undoChurn } from '../../../app/renewal-undo';
import { ACTIONS } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { renewalRef } from './renewal-click';
import type { ButtonArgs } from './show';
import { noteIfUnchanged } from './unchanged-note';

export const actionId = ACTIONS.renewalUndoChurn;

/** Undo on a churned reminder: takes the churn back within its window, else says why not. */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const ref = renewalRef(args);
  if (!ref) return;
  await safely(deps.ctx.log, actionId, async () => {
    const who = await deps.identify(args.client, args.body.user.id);
    const result = await undoChurn(
      deps.ctx,
      ref,
      { id: who.id, name: `@${who.name}`, platform: 'slack' },
      `slack:${args.body.trigger_id}`,
    );
    await noteIfUnchanged(args, result);
  });
};
