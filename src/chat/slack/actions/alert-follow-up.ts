import { todayOf } from '../../../app/follow-ups';
import { ACTIONS } from '../../../cards/actions';
import { getAccount } from '../../../store/accounts';
import { getAlert } from '../../../store/alerts';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { followUpModal } from '../views/follow-up-form';
import { alertValue, clickedAction } from './alert-click';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.alertFollowUp;

/** Log follow-up on an alert: the same modal as on the account card, for the alert's account. */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const v = alertValue.safeParse(clickedAction(args).value);
  if (!v.success) return;
  await safely(deps.ctx.log, actionId, async () => {
    const alert = await getAlert(deps.ctx.db, v.data.alertId);
    const account = alert && (await getAccount(deps.ctx.db, alert.account_id));
    if (!account) return;
    const meta = { accountId: account.id, channelId: args.body.channel?.id ?? null };
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: followUpModal(meta, account.name, args.body.user.id, todayOf(deps.ctx)),
    });
  });
};
