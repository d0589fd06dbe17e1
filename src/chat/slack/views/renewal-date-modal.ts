import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { applyRenewalAction } from '../../../app/renewal-actions';
import { ACTIONS, parseValueOf } from '../../../cards/actions';
import { RENEWAL_DATE_FIELD as FIELD } from '../../../cards/forms';
import { t } from '../../../cards/i18n/t';
import { isIsoDay } from '../../../domain/dates';
import { isTendError } from '../../../errors';
import { clickerLocale } from '../actions/clicker-locale';
import type { SlackDeps } from '../deps';

/** The modal is cards/forms.ts renewalDateForm, drawn by cards/block-kit-modal.ts. */
export const callbackId = ACTIONS.renewalDateModal;
type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** Save: the view id is the request key, so a repeated submission records one outcome. */
export const listener = (deps: SlackDeps) => async (args: Args) => {
  const { view, body, client } = args;
  const date = view.state.values[FIELD]?.[FIELD]?.selected_date ?? '';
  const ref = parseValueOf(callbackId, view.private_metadata);
  if (!ref || !isIsoDay(date) || date <= ref.renewalDate) {
    const locale = await clickerLocale(deps, body.user.id);
    await args.ack({
      response_action: 'errors',
      errors: { [FIELD]: t(locale, ref ? 'problem.renewalAfter' : 'problem.formOutOfDate') },
    });
    return;
  }
  await args.ack();
  try {
    const who = await deps.identify(client, body.user.id);
    await applyRenewalAction(
      deps.ctx,
      { accountId: ref.accountId, renewalDate: ref.renewalDate },
      { kind: 'renewed', newDate: date },
      { id: who.id, name: `@${who.name}`, platform: 'slack', locale: who.locale ?? undefined },
      `slack:view:${view.id}`,
    );
  } catch (error) {
    if (!isTendError(error)) deps.ctx.log.error({ err: error }, 'renewal date modal failed');
  }
};
