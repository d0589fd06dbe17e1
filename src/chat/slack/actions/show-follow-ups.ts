import { followUpsOfAccount } from '../../../app/follow-ups';
import { ACTIONS } from '../../../cards/actions';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { accountValue, parseValue } from '../values';
import { type ButtonArgs, buttonValue, showCard } from './show';

export const actionId = ACTIONS.showFollowUps;

/** Follow-ups on an account card: that account's open follow-ups, privately, below it. */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const value = parseValue(accountValue, buttonValue(args));
  if (!value) return;
  await safely(deps.ctx.log, actionId, async () =>
    showCard(args, await followUpsOfAccount(deps.ctx, value.accountId), false),
  );
};
