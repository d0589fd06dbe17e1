import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { homeFor } from '../../../app/home';
import { saveRoutingForm } from '../../../app/personal-routing';
import { ACTIONS } from '../../../cards/actions';
import { renderBlocks } from '../../../cards/block-kit';
import { ROUTING_FIELDS as F } from '../../../cards/routing-card';
import type { SlackDeps } from '../deps';

/** The modal is cards/routing-card.ts routingForm, drawn by cards/block-kit-modal.ts. */
export const callbackId = ACTIONS.routingSave;
type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Save: every field checked; problems shown on their fields; App Home redrawn after. */
export const listener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const v = view.state.values;
  const values = {
    [F.delivery]: v[F.delivery]?.[F.delivery]?.selected_option?.value ?? null,
    [F.scope]: v[F.scope]?.[F.scope]?.selected_option?.value ?? null,
    [F.filters]: v[F.filters]?.[F.filters]?.value ?? null,
    [F.hours]: v[F.hours]?.[F.hours]?.value ?? null,
    [F.quiet]: v[F.quiet]?.[F.quiet]?.value ?? null,
  };
  const who = await deps.identify(client, body.user.id);
  const saved = await saveRoutingForm(deps.ctx, { platform: 'slack', ...who }, values);
  if (!saved.ok) {
    await args.ack({ response_action: 'errors', errors: saved.errors });
    return;
  }
  await args.ack();
  try {
    const home = await homeFor(deps.ctx, who);
    await client.views.publish({
      user_id: body.user.id,
      view: { type: 'home', blocks: renderBlocks(home, { surface: 'view' }) as never[] },
    });
  } catch (error) {
    deps.ctx.log.error({ err: error }, 'could not redraw App Home after the settings form');
  }
};
