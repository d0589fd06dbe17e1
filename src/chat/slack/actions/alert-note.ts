import { noteFormFor } from '../../../app/alert-notes';
import { ACTIONS } from '../../../cards/actions';
import { t } from '../../../cards/i18n/t';
import { submit } from '../../../cards/model';
import { safely } from '../safely';
import { clickerLocale } from './clicker-locale';
import { openForm } from './show';
import { slackAction } from './typed';

/**
 * Note on an alert card: a modal (the card model's note form) asking for the text. Opened
 * straight after the ack: the click's trigger_id expires 3 s after the click.
 */
export const alertNote = slackAction(ACTIONS.alertNote, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.alertNote, async () => {
    const locale = await clickerLocale(deps, args.body.user.id);
    const form = await noteFormFor(
      deps.ctx,
      value.alertId,
      submit(t(locale, 'form.save'), ACTIONS.alertNoteModal, {
        alertId: value.alertId,
        channelId: args.body.channel?.id ?? null,
      }),
      locale,
    );
    if (!form) return;
    await openForm(args, form);
  });
});
