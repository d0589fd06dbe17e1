import { listPage } from '../../../app/list-pages';
import { ACTIONS } from '../../../cards/actions';
import { listPageValue } from '../../../cards/list-pages';
import { noticeCard } from '../../../cards/notice-card';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';
import { parseValue } from '../values';
import { type ButtonArgs, buttonValue, showCard } from './show';

export const actionId = ACTIONS.listPage;

/** "Show next 25" under a list: the next page below it, the list itself stays. */
export const listener = (deps: SlackDeps) => async (args: ButtonArgs) => {
  await args.ack();
  const value = parseValue(listPageValue, buttonValue(args));
  if (!value) return;
  await safely(
    deps.ctx.log,
    actionId,
    async () => {
      const who = await deps.identify(args.client, args.body.user.id);
      await showCard(args, await listPage(deps.ctx, value, who), false);
    },
    () => showCard(args, noticeCard('Sorry', 'That list could not be shown.'), false),
  );
};
