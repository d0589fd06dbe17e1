import { reviewFormFor } from '../../../app/reviews';
import { ACTIONS } from '../../../cards/actions';
import { t } from '../../../cards/i18n/t';
import { submit } from '../../../cards/model';
import { safely } from '../safely';
import { clickerLocale } from './clicker-locale';
import { openFormOrSay } from './show';
import { slackAction } from './typed';

/** Write churn / save review: the review modal (its trigger_id lives 3 s). */
export const reviewOpen = slackAction(ACTIONS.reviewOpen, (deps) => async (args, value) => {
  await safely(deps.ctx.log, ACTIONS.reviewOpen, async () => {
    const locale = await clickerLocale(deps, args.body.user.id);
    const form = await reviewFormFor(
      deps.ctx,
      value.accountId,
      value.kind,
      submit(t(locale, 'form.save'), ACTIONS.reviewSave, {
        accountId: value.accountId,
        kind: value.kind,
      }),
      locale,
    );
    await openFormOrSay(args, form, t(locale, 'click.reviewTitle'), locale);
  });
});
