import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { tendErrorText } from '../../../app/chat-commands';
import { closeSurveyLoop, loopNoteProblem } from '../../../app/survey-loops';
import { ACTIONS, parseValueOf } from '../../../cards/actions';
import { LOOP_NOTE_FIELD as FIELD } from '../../../cards/forms';
import { t, tm } from '../../../cards/i18n/t';
import { isTendError } from '../../../errors';
import { clickerLocale } from '../actions/clicker-locale';
import type { SlackDeps } from '../deps';

/** The modal is cards/forms.ts loopNoteForm, drawn by cards/block-kit-modal.ts. */
export const callbackId = ACTIONS.loopNote;
type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Save on an outcome's note: the note is checked before the ack (a problem shows on the
 * field), then the loop closes and every posted copy of its card is rewritten. A loop someone
 * else closed meanwhile keeps its first outcome; the person is told so in a direct message.
 */
export const listener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const note = view.state.values[FIELD]?.[FIELD]?.value ?? '';
  const ref = parseValueOf(callbackId, view.private_metadata);
  const checked = loopNoteProblem(note);
  const locale = await clickerLocale(deps, body.user.id);
  if (!ref || 'problem' in checked) {
    const problem = 'problem' in checked ? checked.problem : { key: 'problem.formOutOfDate' };
    await args.ack({ response_action: 'errors', errors: { [FIELD]: tm(locale, problem) } });
    return;
  }
  await args.ack();
  try {
    const who = await deps.identify(client, body.user.id);
    const result = await closeSurveyLoop(
      deps.ctx,
      ref.loopId,
      ref.outcome,
      checked.note,
      { id: who.id, name: `@${who.name}`, platform: 'slack', locale },
      locale,
    );
    if (!result.changed)
      await client.chat.postMessage({ channel: body.user.id, text: result.message });
  } catch (error) {
    if (!isTendError(error)) deps.ctx.log.error({ err: error }, 'loop note modal failed');
    const text = isTendError(error) ? tendErrorText(locale, error) : t(locale, 'click.loopFailed');
    await client.chat.postMessage({ channel: body.user.id, text }).catch(() => {});
  }
};
