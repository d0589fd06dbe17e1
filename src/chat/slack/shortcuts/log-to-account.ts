import type {
  AllMiddlewareArgs,
  App,
  MessageShortcut,
  SlackShortcutMiddlewareArgs,
} from '@slack/bolt';
import { ACTIONS } from '../../../cards/actions';
import { renderModal } from '../../../cards/block-kit-modal';
import { t } from '../../../cards/i18n/t';
import { logMessageForm } from '../../../cards/log-message-form';
import { submit } from '../../../cards/model';
import { clickerLocale } from '../actions/clicker-locale';
import type { SlackDeps } from '../deps';
import { safely } from '../safely';

/** The message shortcut's callback id (manifests/slack/manifest.yaml `shortcuts`). */
export const LOG_TO_ACCOUNT = 'log_to_account';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Log to account" in a message's ⋯ menu: a modal asking which account, with the message
 * filled in. The modal's metadata names the message (channel, ts, author) so that Save can
 * ask Slack for its permalink; the text itself rides in the form (private_metadata holds
 * 3,000 characters, a message up to 40,000). Opened at once: the trigger_id lives 3 s.
 */
export const listener = (deps: SlackDeps) => async (args: Args) => {
  await args.ack();
  const { shortcut } = args;
  await safely(deps.ctx.log, LOG_TO_ACCOUNT, async () => {
    const message = shortcut.message as { text?: string; user?: string; ts: string };
    const locale = await clickerLocale(deps, shortcut.user.id);
    const form = logMessageForm(
      message.text ?? '',
      submit(t(locale, 'form.save'), ACTIONS.logMessage, {
        channelId: shortcut.channel.id,
        ts: shortcut.message_ts ?? message.ts,
        authorId: message.user ?? null,
      }),
      '',
      locale,
    );
    await args.client.views.open({
      trigger_id: shortcut.trigger_id,
      view: renderModal(form) as never,
    });
  });
};

export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut({ callback_id: LOG_TO_ACCOUNT, type: 'message_action' }, listener(deps));
}
