import { TeamsInfo } from 'botbuilder';
import { z } from 'zod';
import { type AlertAction, applyAlertAction } from '../../app/alert-actions';
import { ACTIONS } from '../../cards/actions';
import { getAccount } from '../../store/accounts';
import { getAlert } from '../../store/alerts';
import type { ActionInput, ActionOutcome } from './actions';
import { followUpFormCard } from './follow-up-form';
import { parseValue } from './values';

const alertValue = z.object({ alertId: z.number().int().positive() });
const snoozeValue = z.object({
  alertId: z.number().int().positive(),
  for: z.enum(['1h', '4h', '1d', '1w']),
});

const OUT_OF_DATE: ActionOutcome = { note: 'That button is out of date.' };

/** The value chosen in the input the clicked action points at (a select or the people picker). */
function chosen(input: ActionInput): string | undefined {
  const id = input.data.input;
  const v = id ? input.data[id] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * An alert click: the same use case as Slack's, keyed by the activity id (a retried invoke is
 * recorded once). The clicked card is redrawn from the answer; other copies are rewritten
 * through the outbox by the use case. A moot click leaves the card and says why.
 */
async function run(input: ActionInput, alertId: number, action: AlertAction) {
  const { ctx, turn, who } = input;
  const result = await applyAlertAction(
    ctx,
    alertId,
    action,
    { id: who.id, name: `@${who.name}`, platform: 'teams' },
    `teams:${turn.activity.id}`,
  );
  return result.changed ? { replace: result.card } : { note: result.message };
}

async function simple(input: ActionInput, kind: 'ack' | 'resolve'): Promise<ActionOutcome> {
  const v = parseValue(alertValue, input.data.value);
  return v ? run(input, v.alertId, { kind }) : OUT_OF_DATE;
}

async function snooze(input: ActionInput): Promise<ActionOutcome> {
  const v = parseValue(snoozeValue, chosen(input));
  if (!v) return { note: 'Pick how long to snooze first.' };
  return run(input, v.alertId, { kind: 'snooze', for: v.for });
}

/** The people picker gives an AAD object id; the roster gives the name shown on the card. */
async function assign(input: ActionInput): Promise<ActionOutcome> {
  const v = parseValue(alertValue, input.data.value);
  const picked = chosen(input);
  if (!v) return OUT_OF_DATE;
  if (!picked) return { note: 'Pick someone to assign first.' };
  let name = picked;
  try {
    name = (await TeamsInfo.getMember(input.turn, picked)).name ?? picked;
  } catch (error) {
    input.ctx.log.warn({ err: error }, 'teams: assignee lookup failed; showing the id');
  }
  return run(input, v.alertId, { kind: 'assign', assignee: { id: picked, name: `@${name}` } });
}

/** Log follow-up on an alert: the same form as on the account card, for the alert's account. */
async function followUp(input: ActionInput): Promise<ActionOutcome> {
  const v = parseValue(alertValue, input.data.value);
  if (!v) return OUT_OF_DATE;
  const alert = await getAlert(input.ctx.db, v.alertId);
  const account = alert && (await getAccount(input.ctx.db, alert.account_id));
  if (!account) return { note: 'That alert no longer exists.' };
  return { replace: followUpFormCard(account.id, account.name) };
}

export const ALERT_HANDLERS = {
  [ACTIONS.alertAck]: (i: ActionInput) => simple(i, 'ack'),
  [ACTIONS.alertResolve]: (i: ActionInput) => simple(i, 'resolve'),
  [ACTIONS.alertSnooze]: snooze,
  [ACTIONS.alertAssign]: assign,
  [ACTIONS.alertFollowUp]: followUp,
};
