import { reviewFormFor } from '../../../app/reviews';
import { ACTIONS } from '../../../cards/actions';
import { submit } from '../../../cards/model';
import { safely } from '../safely';
import { openFormOrSay } from './show';
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
    await openFormOrSay(args, form, 'Review');
  });
});
