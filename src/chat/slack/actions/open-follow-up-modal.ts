import { accountById } from '../../../app/account-lookup';
import { MAX_TITLE, todayOf } from '../../../app/follow-ups';
import { ACTIONS } from '../../../cards/actions';
import { renderModal } from '../../../cards/block-kit-modal';
import { followUpForm } from '../../../cards/forms';
import { t } from '../../../cards/i18n/t';
import { submit } from '../../../cards/model';
import type { SlackDeps } from '../deps';
import { clickerLocale } from './clicker-locale';
import type { ButtonArgs } from './show';

/**
 * The one follow-up modal, opened for an account from any card (account, alert, reminder).
 * Call it straight after the ack: the click's trigger_id expires 3 s after the click.
 */
export async function openFollowUpModal(
  deps: SlackDeps,
  args: ButtonArgs,
  accountId: number,
): Promise<void> {
  const account = await accountById(deps.ctx, accountId);
  if (!account) return;
  const locale = await clickerLocale(deps, args.body.user.id);
  const card = followUpForm(account, {
    locale,
    save: submit(t(locale, 'form.save'), ACTIONS.followUpModal, {
      accountId: account.id,
      channelId: args.body.channel?.id ?? null,
    }),
    maxTitle: MAX_TITLE,
    owner: args.body.user.id,
    today: todayOf(deps.ctx),
  });
  await args.client.views.open({
    trigger_id: args.body.trigger_id,
    view: renderModal(card) as never,
  });
}
