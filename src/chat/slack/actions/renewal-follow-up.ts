import { todayOf } from '../../../app/follow-ups';
import { ACTIONS } from '../../../cards/actions';
import { getAccount } from '../../../store/accounts';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { followUpModal } from '../views/follow-up-form';
import { renewalRef } from './renewal-click';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.renewalFollowUp;

/** Log follow-up on a reminder: the account card's follow-up modal. */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const ref = renewalRef(args);
  if (!ref) return;
  await safely(deps.ctx.log, actionId, async () => {
    const account = await getAccount(deps.ctx.db, ref.accountId);
    if (!account) return;
    const meta = { accountId: account.id, channelId: args.body.channel?.id ?? null };
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: followUpModal(meta, account.name, args.body.user.id, todayOf(deps.ctx)),
    });
  });
};
