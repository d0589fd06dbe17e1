import { ACTIONS } from '../../../cards/actions';
import { getAlert } from '../../../store/alerts';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { alertValue, clickedAction } from './alert-click';
import { openFollowUpModal } from './open-follow-up-modal';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.alertFollowUp;

/** Log follow-up on an alert: the same modal as on the account card, for the alert's account. */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const v = alertValue.safeParse(clickedAction(args).value);
  if (!v.success) return;
  await safely(deps.ctx.log, actionId, async () => {
    const alert = await getAlert(deps.ctx.db, v.data.alertId);
    if (alert) await openFollowUpModal(deps, args, alert.account_id);
  });
};
