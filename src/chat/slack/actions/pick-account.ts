import { accountCardById } from '../../../app/account-health';
import { ACTIONS } from '../../../cards/actions';
import { noticeCard } from '../../../cards/notice-card';
import { safely } from '../safely';
import { showCard } from './show';
import { slackAction } from './typed';

/** A Pick / Open button: the account's card below the list, which stays for the next pick. */
export const pickAccount = slackAction(ACTIONS.pickAccount, (deps) => async (args, value) => {
  await safely(
    deps.ctx.log,
    ACTIONS.pickAccount,
    async () => showCard(args, await accountCardById(deps.ctx, value.accountId), false),
    () => showCard(args, noticeCard('Sorry', 'That account could not be shown.'), false),
  );
});
