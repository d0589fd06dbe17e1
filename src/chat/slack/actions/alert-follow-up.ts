import { ACTIONS } from '../../../cards/actions';
import { getAlert } from '../../../store/alerts';
import { safely } from '../safely';
import { openFollowUpModal } from './open-follow-up-modal';
import { slackAction } from './typed';

/** Log follow-up on an alert: the same modal as on the account card, for the alert's account. */
export const alertFollowUp = slackAction(ACTIONS.alertFollowUp, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.alertFollowUp, async () => {
    const alert = await getAlert(deps.ctx.db, value.alertId);
    if (alert) await openFollowUpModal(deps, args, alert.account_id);
  });
});
