import { knownLocale } from '../../../app/chat-users';
import { listPage as showListPage } from '../../../app/list-pages';
import { ACTIONS } from '../../../cards/actions';
import { safely } from '../safely';
import { showCard, sorry } from './show';
import { slackAction } from './typed';

/** "Show next 25" under a list: the next page below it, the list itself stays. */
export const listPage = slackAction(ACTIONS.listPage, (deps) => async (args, value) => {
  await safely(
    deps.ctx.log,
    ACTIONS.listPage,
    async () => {
      const who = await deps.identify(args.client, args.body.user.id);
      // The next page in the clicker's language, like the first page was.
      const known = await knownLocale(deps.ctx, 'slack', args.body.user.id);
      const card = await showListPage(deps.ctx, value, who, known?.locale ?? undefined);
      await showCard(args, card, false);
    },
    () => sorry(deps, args, 'click.listNotShown'),
  );
});
