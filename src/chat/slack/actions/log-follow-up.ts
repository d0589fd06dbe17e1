import { ACTIONS } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { accountValue, parseValue } from '../values';
import { openFollowUpModal } from './open-follow-up-modal';
import { type ButtonArgs, buttonValue } from './show';

export const actionId = ACTIONS.logFollowUp;

/** Log follow-up: opens the modal at once (its trigger_id expires 3 s after the click). */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const value = parseValue(accountValue, buttonValue(args));
  if (!value) return;
  await safely(deps.ctx.log, actionId, async () => {
    await openFollowUpModal(deps, args, value.accountId);
  });
};
