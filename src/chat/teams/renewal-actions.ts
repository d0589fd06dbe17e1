import { applyRenewalAction, type RenewalAction } from '../../app/renewal-actions';
import { undoChurn } from '../../app/renewal-undo';
import { ACTIONS } from '../../cards/actions';
import { renewalValue } from '../../cards/button-values';
import type { ActionInput, ActionOutcome } from './actions';
import { parseValue } from './values';

const OUT_OF_DATE: ActionOutcome = { note: 'That button is out of date.' };

/**
 * Renewal reminder buttons in Teams: the same use cases as Slack's, keyed by the activity id.
 * Every copy of the reminder (this one included) is rewritten through the outbox; the invoke
 * answers with one line for the person who clicked.
 */
async function run(input: ActionInput, action: RenewalAction | 'undo'): Promise<ActionOutcome> {
  const ref = parseValue(renewalValue, input.data.value);
  if (!ref) return OUT_OF_DATE;
  const actor = { id: input.who.id, name: `@${input.who.name}`, platform: 'teams' };
  const key = `teams:${input.turn.activity.id}`;
  const result =
    action === 'undo'
      ? await undoChurn(input.ctx, ref, actor, key)
      : await applyRenewalAction(input.ctx, ref, action, actor, key);
  return { note: result.message };
}

export const RENEWAL_HANDLERS = {
  [ACTIONS.renewalPlan]: (i: ActionInput) => run(i, { kind: 'plan' }),
  [ACTIONS.renewalChurned]: (i: ActionInput) => run(i, { kind: 'churned' }),
  [ACTIONS.renewalSnooze]: (i: ActionInput) => run(i, { kind: 'snooze' }),
  [ACTIONS.renewalUndoChurn]: (i: ActionInput) => run(i, 'undo'),
};
