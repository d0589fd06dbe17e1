import { ACTIONS } from '../../../cards/actions';
import { safely } from '../safely';
import { openFollowUpModal } from './open-follow-up-modal';
import { slackAction } from './typed';

/** Log follow-up: opens the modal at once (its trigger_id expires 3 s after the click). */
export const logFollowUp = slackAction(ACTIONS.logFollowUp, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.logFollowUp, async () => {
    await openFollowUpModal(deps, args, value.accountId);
  });
});
