import { tendErrorText } from '../../app/chat-commands';
import {
  closeSurveyLoop,
  loopCardById,
  loopNoteFormFor,
  loopNoteProblem,
} from '../../app/survey-loops';
import { ACTIONS } from '../../cards/actions';
import { LOOP_NOTE_FIELD } from '../../cards/forms';
import { t, tm } from '../../cards/i18n/t';
import { type Card, submit } from '../../cards/model';
import { isTendError } from '../../errors';
import type { Handler, Handlers } from './actions';

const withNote = (card: Card, note: string): Card => ({
  ...card,
  blocks: [{ type: 'status', text: [{ text: note }] }, ...card.blocks],
});

/** Open on a /loops row: the loop's card below the list. */
const show: Handler<'loop.show'> = async ({ ctx, locale }, v) => ({
  post: await loopCardById(ctx, v.loopId, locale),
});

/** An outcome button: the note form in place of the card (the same form as Slack's modal). */
const outcome: Handler<'loop.outcome'> = async ({ ctx, locale }, v) => {
  const form = await loopNoteFormFor(
    ctx,
    v.loopId,
    v.outcome,
    submit(t(locale, 'form.save'), ACTIONS.loopNote, { loopId: v.loopId, outcome: v.outcome }),
    locale,
  );
  return 'note' in form ? { note: form.note } : { replace: form.form };
};

/** The note form's Save: closes the loop (once) and shows the closed card in its place. */
const noted: Handler<'loop.outcome.note'> = async ({ ctx, data, who, locale }, v) => {
  const raw = data[LOOP_NOTE_FIELD];
  const checked = loopNoteProblem(typeof raw === 'string' ? raw : '');
  if ('problem' in checked) return { note: tm(locale, checked.problem) };
  try {
    const result = await closeSurveyLoop(
      ctx,
      v.loopId,
      v.outcome,
      checked.note,
      { id: who.id, name: `@${who.name}`, platform: 'teams', locale },
      locale,
    );
    return { replace: withNote(result.card, result.message) };
  } catch (error) {
    if (isTendError(error)) return { note: tendErrorText(locale, error) };
    throw error;
  }
};

export const LOOP_HANDLERS: Handlers = {
  [ACTIONS.loopShow]: show,
  [ACTIONS.loopOutcome]: outcome,
  [ACTIONS.loopNote]: noted,
};
