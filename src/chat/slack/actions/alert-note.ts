import { noteFormFor } from '../../../app/alert-notes';
import { ACTIONS } from '../../../cards/actions';
import { submit } from '../../../cards/model';
import { safely } from '../safely';
import { openForm } from './show';
import { slackAction } from './typed';

/**
 * Note on an alert card: a modal (the card model's note form) asking for the text. Opened
 * straight after the ack: the click's trigger_id expires 3 s after the click.
 */
export const alertNote = slackAction(ACTIONS.alertNote, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.alertNote, async () => {
    const form = await noteFormFor(
      deps.ctx,
      value.alertId,
      submit('Save', ACTIONS.alertNoteModal, {
        alertId: value.alertId,
        channelId: args.body.channel?.id ?? null,
      }),
    );
    if (!form) return;
    await openForm(args, form);
  });
});
