import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { addAlertNote, noteProblem } from '../../../app/alert-notes';
import { tendErrorText } from '../../../app/chat-commands';
import { ACTIONS, parseValueOf } from '../../../cards/actions';
import { renderMessage } from '../../../cards/block-kit';
import { NOTE_FIELD as FIELD } from '../../../cards/forms';
import { t, tm } from '../../../cards/i18n/t';
import { noticeCard } from '../../../cards/notice-card';
import { isTendError } from '../../../errors';
import { clickerLocale } from '../actions/clicker-locale';
import type { SlackDeps } from '../deps';

/** The modal is cards/forms.ts noteForm, drawn by cards/block-kit-modal.ts. */
export const callbackId = ACTIONS.alertNoteModal;
type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Save: checked at once (a problem shows on the field), then the note goes to the alert's
 * history and thread; the view id is the request key, so a repeated submission adds one note.
 */
export const listener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const text = view.state.values[FIELD]?.[FIELD]?.value ?? '';
  const meta = parseValueOf(callbackId, view.private_metadata);
  const locale = await clickerLocale(deps, body.user.id);
  const problem = meta ? noteProblem(text) : { key: 'problem.formOutOfDate' };
  if (problem || !meta) {
    const said = problem ? tm(locale, problem) : '';
    await args.ack({ response_action: 'errors', errors: { [FIELD]: said } });
    return;
  }
  await args.ack();
  const tell = async (message: string) => {
    const out = renderMessage(noticeCard(t(locale, 'click.noteTitle'), message, locale));
    if (meta.channelId) {
      await client.chat.postEphemeral({ channel: meta.channelId, user: body.user.id, ...out });
    } else {
      await client.chat.postMessage({ channel: body.user.id, ...out });
    }
  };
  try {
    const who = await deps.identify(client, body.user.id);
    const result = await addAlertNote(
      deps.ctx,
      meta.alertId,
      text,
      { id: who.id, name: `@${who.name}`, platform: 'slack', locale },
      `slack:view:${view.id}`,
    );
    await tell(result.message);
  } catch (error) {
    deps.ctx.log.error({ err: error }, 'note modal failed');
    const message = isTendError(error)
      ? tendErrorText(locale, error)
      : t(locale, 'click.nothingRecorded');
    await tell(message).catch(() => {});
  }
};
