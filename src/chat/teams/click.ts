import type { TurnContext } from 'botbuilder';
import type { AppContext } from '../../app/context';
import type { AdaptiveCard } from '../../cards/adaptive-card';
import type { Card } from '../../cards/model';
import { noticeCard } from '../../cards/notice-card';
import { isTendError } from '../../errors';
import { type ActionOutcome, HANDLERS } from './actions';
import { kindOf } from './activity';
import { identify } from './identify';
import { forPersonalChat } from './private-reply';
import { cardActivity, cardInvokeResponse, messageInvokeResponse } from './render';
import { readAction } from './values';

export interface InvokeResult {
  status: number;
  body: unknown;
}

const isNeutral = (card: Card | AdaptiveCard): card is Card => 'blocks' in card;

async function outcomeOf(ctx: AppContext, turn: TurnContext, invoke: boolean) {
  const data = readAction(turn.activity.value, invoke);
  if (!data) return { note: 'That button sent nothing I understand.' } as ActionOutcome;
  const handler = HANDLERS[data.verb];
  if (!handler) {
    ctx.log.warn({ verb: data.verb }, 'teams: no handler for this button');
    return { note: 'That button is not available in Teams yet.' };
  }
  try {
    const outcome = await handler({ ctx, turn, data, who: await identify(ctx, turn) });
    return kindOf(turn.activity) === 'personal' ? personalOutcome(outcome) : outcome;
  } catch (error) {
    if (isTendError(error)) return { replace: noticeCard('Sorry', error.message) };
    ctx.log.error({ err: error, verb: data.verb }, 'teams button failed');
    return { note: 'Tend is temporarily unavailable. Please try again in a minute.' };
  }
}

/** Cards shown in a personal chat lose the Share button that has no channel to go to. */
function personalOutcome(o: ActionOutcome): ActionOutcome {
  return {
    ...o,
    ...(o.replace && isNeutral(o.replace) ? { replace: forPersonalChat(o.replace) } : {}),
    ...(o.post ? { post: forPersonalChat(o.post) } : {}),
  };
}

/**
 * `adaptiveCard/action` (Action.Execute): the same use case as the Slack button, answered
 * with the refreshed card in the invoke response (Teams redraws the card in place).
 */
export async function handleInvoke(ctx: AppContext, turn: TurnContext): Promise<InvokeResult> {
  const outcome = await outcomeOf(ctx, turn, true);
  if (outcome.post) await turn.sendActivity(cardActivity(outcome.post));
  if (outcome.replace) {
    const r = outcome.replace;
    return isNeutral(r)
      ? cardInvokeResponse(r)
      : {
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: r },
        };
  }
  return messageInvokeResponse(outcome.note ?? (outcome.post ? 'Sent below.' : 'Done.'));
}

/**
 * Action.Submit (hosts without Universal Actions): a message whose `value` is the data. The
 * clicked card is rewritten with updateActivity; notes and new cards are sent as messages.
 */
export async function handleSubmit(ctx: AppContext, turn: TurnContext): Promise<void> {
  const outcome = await outcomeOf(ctx, turn, false);
  const replyTo = turn.activity.replyToId;
  if (outcome.replace && replyTo) {
    const r = outcome.replace;
    const activity = isNeutral(r)
      ? cardActivity(r)
      : {
          type: 'message',
          attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: r }],
        };
    await turn.updateActivity({ ...activity, id: replyTo });
  } else if (outcome.replace && isNeutral(outcome.replace)) {
    await turn.sendActivity(cardActivity(outcome.replace));
  }
  if (outcome.post) await turn.sendActivity(cardActivity(outcome.post));
  if (outcome.note) await turn.sendActivity(outcome.note);
}
