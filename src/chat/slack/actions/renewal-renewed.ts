import { accountById } from '../../../app/account-lookup';
import { ACTIONS } from '../../../cards/actions';
import { renewalDateForm } from '../../../cards/forms';
import { addDays } from '../../../domain/dates';
import { safely } from '../safely';
import { clickerLocale } from './clicker-locale';
import { openForm } from './show';
import { slackAction } from './typed';

/** Mark renewed: asks for the new date in a modal (its trigger_id lives 3 s). */
export const renewalRenewed = slackAction(ACTIONS.renewalRenewed, (deps) => async (args, ref) => {
  await safely(deps.ctx.log, ACTIONS.renewalRenewed, async () => {
    const [account, locale] = await Promise.all([
      accountById(deps.ctx, ref.accountId),
      clickerLocale(deps, args.body.user.id),
    ]);
    if (!account) return;
    const next = addDays(ref.renewalDate, 365);
    await openForm(args, renewalDateForm(ref, account.name, next, locale));
  });
});
