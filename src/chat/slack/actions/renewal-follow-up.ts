import { ACTIONS } from '../../../cards/actions';
import { safely } from '../safely';
import { openFollowUpModal } from './open-follow-up-modal';
import { slackAction } from './typed';

/** Log follow-up on a reminder: the account card's follow-up modal. */
export const renewalFollowUp = slackAction(ACTIONS.renewalFollowUp, (deps) => async (args, ref) => {
  await safely(deps.ctx.log, ACTIONS.renewalFollowUp, async () => {
    await openFollowUpModal(deps, args, ref.accountId);
  });
});
