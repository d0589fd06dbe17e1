import { accountById } from '../../app/account-lookup';
import { applyRenewalAction, type RenewalAction, type RenewalRef } from '../../app/renewal-actions';
import { undoChurn } from '../../app/renewal-undo';
import { ACTIONS } from '../../cards/actions';
import { RENEWAL_DATE_FIELD, renewalDateForm } from '../../cards/forms';
import { t } from '../../cards/i18n/t';
import { addDays, isIsoDay } from '../../domain/dates';
import type { ActionInput, ActionOutcome, Handler, Handlers } from './actions';
import { followUpFormCard } from './follow-up-form';

/**
 * A renewal reminder's click: the same use case as Slack's, keyed by the activity id (a
 * retried invoke is recorded once). Every copy of the reminder is rewritten through the
 * outbox by the use case; the clicked card keeps its place and the person gets the outcome.
 */
async function run(input: ActionInput, ref: RenewalRef, action: RenewalAction | 'undo') {
  const { ctx, turn, who } = input;
  const renewal = { accountId: ref.accountId, renewalDate: ref.renewalDate };
  const actor = { id: who.id, name: `@${who.name}`, platform: 'teams', locale: input.locale };
  const key = `teams:${turn.activity.id}`;
  const result =
    action === 'undo'
      ? await undoChurn(ctx, renewal, actor, key)
      : await applyRenewalAction(ctx, renewal, action, actor, key);
  return { note: result.message };
}

/** Log follow-up on a reminder: the account card's follow-up form. */
const followUp: Handler<'renewal.followup'> = async (input, ref) => {
  const account = await accountById(input.ctx, ref.accountId);
  if (!account) return { note: t(input.locale, 'account.gone') };
  return { replace: followUpFormCard(account, input.locale) };
};

/** Mark renewed asks for the next renewal date: the same form as Slack's modal. */
const renewed: Handler<'renewal.renewed'> = async (input, ref) => {
  const account = await accountById(input.ctx, ref.accountId);
  if (!account) return { note: t(input.locale, 'account.gone') };
  return {
    replace: renewalDateForm(ref, account.name, addDays(ref.renewalDate, 365), input.locale),
  };
};

/** The renewal-date form's Save: the chosen date must come after the current renewal. */
const renewedOn: Handler<'renewal.renewed.date'> = async (input, ref): Promise<ActionOutcome> => {
  const date = input.data[RENEWAL_DATE_FIELD];
  if (typeof date !== 'string' || !isIsoDay(date) || date <= ref.renewalDate) {
    return { note: t(input.locale, 'problem.renewalAfterDate', { date: ref.renewalDate }) };
  }
  return run(input, ref, { kind: 'renewed', newDate: date });
};

export const RENEWAL_HANDLERS: Handlers = {
  [ACTIONS.renewalPlan]: (i, ref) => run(i, ref, { kind: 'plan' }),
  [ACTIONS.renewalChurned]: (i, ref) => run(i, ref, { kind: 'churned' }),
  [ACTIONS.renewalSnooze]: (i, ref) => run(i, ref, { kind: 'snooze' }),
  /** Undo on a churned reminder: takes the churn back within its window, else says why not. */
  [ACTIONS.renewalUndoChurn]: (i, ref) => run(i, ref, 'undo'),
  [ACTIONS.renewalFollowUp]: followUp,
  [ACTIONS.renewalRenewed]: renewed,
  [ACTIONS.renewalDateModal]: renewedOn,
};
