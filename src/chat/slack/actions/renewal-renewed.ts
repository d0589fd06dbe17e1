import { ACTIONS } from '../../../cards/actions';
import { getAccount } from '../../../store/accounts';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { renewalDateModal } from '../views/renewal-date-modal';
import { renewalRef } from './renewal-click';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.renewalRenewed;

/** Mark renewed: asks for the new date in a modal (its trigger_id lives 3 s). */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const ref = renewalRef(args);
  if (!ref) return;
  await safely(deps.ctx.log, actionId, async () => {
    const account = await getAccount(deps.ctx.db, ref.accountId);
    if (!account) return;
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: renewalDateModal({ ...ref, name: account.name }) as never,
    });
  });
};
