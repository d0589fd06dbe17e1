import { ACTIONS } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { openFollowUpModal } from './open-follow-up-modal';
import { renewalRef } from './renewal-click';
import type { ButtonArgs } from './show';

export const actionId = ACTIONS.renewalFollowUp;

/** Log follow-up on a reminder: the account card's follow-up modal. */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const ref = renewalRef(args);
  if (!ref) return;
  await safely(deps.ctx.log, actionId, async () => {
    await openFollowUpModal(deps, args, ref.accountId);
  });
};
