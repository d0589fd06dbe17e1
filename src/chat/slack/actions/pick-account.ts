import { accountCardById } from '../../../app/account-health';
import { knownLocale } from '../../../app/chat-users';
import { ACTIONS } from '../../../cards/actions';
import { safely } from '../safely';
import { showCard, sorry } from './show';
import { slackAction } from './typed';

/** A Pick / Open button: the account's card below the list, which stays for the next pick. */
export const pickAccount = slackAction(ACTIONS.pickAccount, (deps) => async (args, value) => {
  await safely(
    deps.ctx.log,
    ACTIONS.pickAccount,
    async () => {
      // The clicker's language when Tend knows it (a digest's Open is clicked by anyone).
      const known = await knownLocale(deps.ctx, 'slack', args.body.user.id);
      const card = await accountCardById(deps.ctx, value.accountId, known?.locale ?? undefined);
      await showCard(args, card, false);
    },
    () => sorry(deps, args, 'click.accountNotShown'),
  );
});
