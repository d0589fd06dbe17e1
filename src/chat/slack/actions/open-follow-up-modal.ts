import { todayOf } from '../../../app/follow-ups';
import { getAccount } from '../../../store/accounts';
import type { SlackDeps } from '../deps';
import { followUpModal } from '../views/follow-up-form';
import type { ButtonArgs } from './show';

/**
 * The one follow-up modal, opened for an account from any card (account, alert, reminder).
 * Call it straight after the ack: the click's trigger_id expires 3 s after the click.
 */
export async function openFollowUpModal(
  deps: SlackDeps,
  args: ButtonArgs,
  accountId: number,
): Promise<void> {
  const account = await getAccount(deps.ctx.db, accountId);
  if (!account) return;
  const meta = { accountId: account.id, channelId: args.body.channel?.id ?? null };
  await args.client.views.open({
    trigger_id: args.body.trigger_id,
    view: followUpModal(meta, account.name, args.body.user.id, todayOf(deps.ctx)),
  });
}
