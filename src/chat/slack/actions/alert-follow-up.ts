import { accountOfAlert } from '../../../app/account-lookup';
import { ACTIONS } from '../../../cards/actions';
import { safely } from '../safely';
import { openFollowUpModal } from './open-follow-up-modal';
import { slackAction } from './typed';

/** Log follow-up on an alert: the same modal as on the account card, for the alert's account. */
export const alertFollowUp = slackAction(ACTIONS.alertFollowUp, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.alertFollowUp, async () => {
    const account = await accountOfAlert(deps.ctx, value.alertId);
    if (account) await openFollowUpModal(deps, args, account.id);
  });
});
