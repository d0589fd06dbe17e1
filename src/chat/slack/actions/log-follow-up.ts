import { todayOf } from '../../../app/follow-ups';
import { ACTIONS } from '../../../cards/actions';
import { getAccount } from '../../../store/accounts';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { accountValue, parseValue } from '../values';
import { followUpModal } from '../views/follow-up-form';
import { type ButtonArgs, buttonValue } from './show';

export const actionId = ACTIONS.logFollowUp;

/** Log follow-up: opens the modal at once (its trigger_id expires 3 s after the click). */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const value = parseValue(accountValue, buttonValue(args));
  if (!value) return;
  await safely(deps.ctx.log, actionId, async () => {
    const account = await getAccount(deps.ctx.db, value.accountId);
    if (!account) return;
    const meta = { accountId: account.id, channelId: args.body.channel?.id ?? null };
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: followUpModal(meta, account.name, args.body.user.id, todayOf(deps.ctx)),
    });
  });
};
