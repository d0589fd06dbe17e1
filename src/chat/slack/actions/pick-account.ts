import { accountCardById } from '../../../app/account-health';
import { ACTIONS } from '../../../cards/actions';
import { noticeCard } from '../../../cards/notice-card';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { accountValue, parseValue } from '../values';
import { type ButtonArgs, buttonValue, showCard } from './show';

export const actionId = ACTIONS.pickAccount;

/** A Pick / Open button: the account's card below the list, which stays for the next pick. */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const value = parseValue(accountValue, buttonValue(args));
  if (!value) return;
  await safely(
    deps.ctx.log,
    actionId,
    async () => showCard(args, await accountCardById(deps.ctx, value.accountId), false),
    () => showCard(args, noticeCard('Sorry', 'That account could not be shown.'), false),
  );
};
