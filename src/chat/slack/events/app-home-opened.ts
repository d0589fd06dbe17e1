import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeFor } from '../../../app/home';
import { renderBlocks } from '../../../cards/block-kit';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';

export const event = 'app_home_opened';

/** Publishes the Home tab (portfolio, follow-ups, alerts) each time it is opened. */
export const listener =
  (deps: SlackDeps) =>
  async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab && event.tab !== 'home') return;
    await safely(deps.ctx.log, 'app_home_opened', async () => {
      const user = await deps.identify(client, event.user);
      const card = await homeFor(deps.ctx, user);
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: renderBlocks(card, { surface: 'view' }) as never[] },
      });
    });
  };
