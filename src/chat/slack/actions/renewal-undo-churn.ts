import { undoChurn } from '../../../app/renewal-undo';
import { ACTIONS } from '../../../cards/actions';
import { safely } from '../safely';
import { slackAction } from './typed';
import { noteIfUnchanged } from './unchanged-note';

/** Undo on a churned reminder: takes the churn back within its window, else says why not. */
export const renewalUndoChurn = slackAction(
  ACTIONS.renewalUndoChurn,
  (deps) => async (args, ref) => {
    await safely(deps.ctx.log, ACTIONS.renewalUndoChurn, async () => {
      const who = await deps.identify(args.client, args.body.user.id);
      const result = await undoChurn(
        deps.ctx,
        ref,
        { id: who.id, name: `@${who.name}`, platform: 'slack', locale: who.locale ?? undefined },
        `slack:${args.body.trigger_id}`,
      );
      await noteIfUnchanged(args, result);
    });
  },
);
