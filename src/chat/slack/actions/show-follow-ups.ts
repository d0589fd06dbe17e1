import { followUpsOfAccount } from '../../../app/follow-ups';
import { ACTIONS } from '../../../cards/actions';
import { safely } from '../safely';
import { clickerLocale } from './clicker-locale';
import { showCard } from './show';
import { slackAction } from './typed';

/** Follow-ups on an account card: that account's open follow-ups, privately, below it. */
export const showFollowUps = slackAction(ACTIONS.showFollowUps, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.showFollowUps, async () => {
    const locale = await clickerLocale(deps, args.body.user.id);
    await showCard(args, await followUpsOfAccount(deps.ctx, value.accountId, locale), false);
  });
});
