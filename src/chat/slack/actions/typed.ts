import type { App, BlockAction } from '@slack/bolt';
import { type ActionId, type ActionValue, parseAction } from '../../../cards/actions';
import { t } from '../../../cards/i18n/t';
import type { SlackDeps } from '../deps';
import { clickerLocale } from './clicker-locale';
import type { ButtonArgs } from './show';

export type TypedListener<V extends ActionId> = (
  args: ButtonArgs,
  value: ActionValue<V>,
) => Promise<void>;

export type ClickListener = (args: ButtonArgs) => Promise<void>;

export interface SlackAction {
  actionId: ActionId;
  listener(deps: SlackDeps): ClickListener;
}

/**
 * The value a click carries, whatever the element: a button's value, the chosen option of a
 * select, or (a users_select has no value of its own) the block_id the card put it in.
 */
export function rawValue(args: ButtonArgs): string | undefined {
  const a = args.action as {
    value?: string;
    block_id?: string;
    selected_option?: { value?: string };
  };
  return a.value ?? a.selected_option?.value ?? a.block_id;
}

/** The person who clicked is told, privately, that the card is too old to act on. */
export async function answerOutOfDate(deps: SlackDeps, args: ButtonArgs): Promise<void> {
  try {
    const text = t(await clickerLocale(deps, args.body.user.id), 'click.outOfDate');
    if (args.body.response_url) {
      await args.respond({ response_type: 'ephemeral', replace_original: false, text });
    } else {
      // A click on a view (Home tab, modal) has no response_url: a direct message instead.
      await args.client.chat.postMessage({ channel: args.body.user.id, text });
    }
  } catch (error) {
    deps.ctx.log.warn({ err: error }, 'slack: could not answer an out-of-date click');
  }
}

/**
 * A listener for one verb: acknowledged at once (Slack waits 3 s), the value checked with the
 * verb's schema, and the handler called with the parsed value. A value that fails is answered
 * in words; the handler never sees it.
 */
export function slackAction<V extends ActionId>(
  actionId: V,
  listener: (deps: SlackDeps) => TypedListener<V>,
): SlackAction {
  return {
    actionId,
    listener(deps) {
      const handle = listener(deps);
      return async (args) => {
        await args.ack();
        const parsed = parseAction(actionId, rawValue(args));
        if (!parsed.ok) {
          deps.ctx.log.warn({ actionId, problem: parsed.problem }, 'slack: click not understood');
          await answerOutOfDate(deps, args);
          return;
        }
        await handle(args, parsed.value as ActionValue<V>);
      };
    },
  };
}

/**
 * Every click goes to one Bolt listener that picks the verb's handler by action_id (a click on
 * an action_id Tend does not know, from a card of an older version, is answered too). Bolt
 * runs each registered listener's middleware for every request, copying the request's
 * arguments each time: one listener instead of one per verb keeps that cost off every
 * command and click (it was a fifth of a `/health`'s CPU with ~45 listeners).
 */
export function registerClicks(app: App, deps: SlackDeps, actions: SlackAction[]): void {
  const byId = new Map(actions.map((a) => [a.actionId as string, a.listener(deps)]));
  app.action<BlockAction>({ action_id: /^/ }, async (args) => {
    const known = byId.get(args.action.action_id);
    if (known) return known(args);
    await args.ack();
    deps.ctx.log.warn({ actionId: args.action.action_id }, 'slack: click on an unknown action');
    await answerOutOfDate(deps, args);
  });
}
