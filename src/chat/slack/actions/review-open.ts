import { reviewFormFor } from '../../../app/reviews';
import { ACTIONS } from '../../../cards/actions';
import { renderModal } from '../../../cards/block-kit-modal';
import { submit } from '../../../cards/model';
import { noticeCard } from '../../../cards/notice-card';
import { safely } from '../safely';
import { showCard } from './show';
import { slackAction } from './typed';

/** Write churn / save review: the review modal (its trigger_id lives 3 s). */
export const reviewOpen = slackAction(ACTIONS.reviewOpen, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.reviewOpen, async () => {
    const form = await reviewFormFor(
      deps.ctx,
      value.accountId,
      value.kind,
      submit('Save', ACTIONS.reviewSave, { accountId: value.accountId, kind: value.kind }),
    );
    if ('note' in form) {
      await showCard(args, noticeCard('Review', form.note), false);
      return;
    }
    await args.client.views.open({
      trigger_id: args.body.trigger_id,
      view: renderModal(form.form) as never,
    });
  });
});
