import { noteFormFor } from '../../../app/alert-notes';
import { ACTIONS } from '../../../cards/actions';
import { renderModal } from '../../../cards/block-kit-modal';
import { submit } from '../../../cards/model';
import { safely } from '../safely';
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
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: renderModal(form) as never,
    });
  });
});
