import { loopCardById, loopNoteFormFor } from '../../../app/survey-loops';
import { ACTIONS } from '../../../cards/actions';
import { t } from '../../../cards/i18n/t';
import { submit } from '../../../cards/model';
import { safely } from '../safely';
import { clickerLocale } from './clicker-locale';
import { openFormOrSay, showCard, sorry } from './show';
import { slackAction } from './typed';

/** Open on a /loops row: the loop's card below the list. */
export const loopShow = slackAction(ACTIONS.loopShow, (deps) => async (args, value) => {
  await safely(
    deps.ctx.log,
    ACTIONS.loopShow,
    async () =>
      showCard(
        args,
        await loopCardById(deps.ctx, value.loopId, await clickerLocale(deps, args.body.user.id)),
        false,
      ),
    () => sorry(deps, args, 'click.loopNotShown'),
  );
});

/**
 * An outcome button: the note modal (its trigger_id lives 3 s, so nothing slow comes first).
 * A loop already closed is answered privately instead.
 */
export const loopOutcome = slackAction(ACTIONS.loopOutcome, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.loopOutcome, async () => {
    const locale = await clickerLocale(deps, args.body.user.id);
    const form = await loopNoteFormFor(
      deps.ctx,
      value.loopId,
      value.outcome,
      submit(t(locale, 'form.save'), ACTIONS.loopNote, {
        loopId: value.loopId,
        outcome: value.outcome,
      }),
      locale,
    );
    await openFormOrSay(args, form, t(locale, 'click.loopTitle'), locale);
  });
});
