import type { TurnContext } from 'botbuilder';
import { tendErrorText } from '../../app/chat-commands';
import type { AppContext } from '../../app/context';
import { defaultLocale } from '../../app/languages';
import { type ActionId, parseAction } from '../../cards/actions';
import { type MessageKey, t } from '../../cards/i18n/t';
import { noticeCard } from '../../cards/notice-card';
import { type Locale, normalizeLocale } from '../../domain/locale';
import { isTendError } from '../../errors';
import { rawValueOf, readAction } from './action-data';
import { type ActionOutcome, HANDLERS, type Handler } from './actions';
import { kindOf } from './activity';
import { identify } from './identify';
import { forPersonalChat } from './private-reply';
import { cardActivity, cardInvokeResponse, messageInvokeResponse } from './render';

export interface InvokeResult {
  status: number;
  body: unknown;
}

/**
 * The click checked with its verb's schema (cards/actions.ts) before any handler runs: an
 * unknown verb or a value that fails is answered in words, and a handler only ever sees a
 * parsed, typed value.
 */
async function outcomeOf(
  ctx: AppContext,
  turn: TurnContext,
  invoke: boolean,
): Promise<{ outcome: ActionOutcome; locale: Locale }> {
  // Before the profile is read, the activity's locale (Teams sends the client's) says it.
  let locale = normalizeLocale(turn.activity.locale) ?? defaultLocale(ctx);
  const say = (key: MessageKey) => ({ outcome: { note: t(locale, key) }, locale });
  const data = readAction(turn.activity.value, invoke);
  if (!data) return say('click.notUnderstood');
  const raw = rawValueOf(data);
  const parsed = parseAction(data.verb, raw);
  if (!parsed.ok) {
    ctx.log.warn({ verb: data.verb, problem: parsed.problem }, 'teams: click not understood');
    // A select sent before anything was chosen in it: say what to do, not "out of date".
    if (raw === undefined && data.input) return say('click.pickOne');
    return say('click.outOfDate');
  }
  // HANDLERS[verb] serves exactly that verb's value; TypeScript cannot follow the pairing.
  const handler = HANDLERS[parsed.verb] as Handler<ActionId> | undefined;
  if (!handler) {
    ctx.log.warn({ verb: data.verb }, 'teams: no handler for this button');
    return say('click.notInTeams');
  }
  try {
    const who = await identify(ctx, turn);
    locale = normalizeLocale(turn.activity.locale) ?? who.locale ?? defaultLocale(ctx);
    const outcome = await handler({ ctx, turn, data, who, locale }, parsed.value);
    return {
      outcome: kindOf(turn.activity) === 'personal' ? personalOutcome(outcome) : outcome,
      locale,
    };
  } catch (error) {
    if (isTendError(error)) {
      return {
        outcome: {
          replace: noticeCard(t(locale, 'error.sorry'), tendErrorText(locale, error), locale),
        },
        locale,
      };
    }
    ctx.log.error({ err: error, verb: data.verb }, 'teams button failed');
    return say('click.unavailable');
  }
}

/** Cards shown in a personal chat lose the Share button that has no channel to go to. */
function personalOutcome(o: ActionOutcome): ActionOutcome {
  return {
    ...o,
    ...(o.replace ? { replace: forPersonalChat(o.replace) } : {}),
    ...(o.post ? { post: forPersonalChat(o.post) } : {}),
  };
}

/**
 * `adaptiveCard/action` (Action.Execute): the same use case as the Slack button, answered
 * with the refreshed card in the invoke response (Teams redraws the card in place).
 */
export async function handleInvoke(ctx: AppContext, turn: TurnContext): Promise<InvokeResult> {
  const { outcome, locale } = await outcomeOf(ctx, turn, true);
  if (outcome.post) await turn.sendActivity(cardActivity(outcome.post));
  if (outcome.replace) return cardInvokeResponse(outcome.replace);
  return messageInvokeResponse(
    outcome.note ?? t(locale, outcome.post ? 'click.sentBelow' : 'click.done'),
  );
}

/**
 * Action.Submit (hosts without Universal Actions): a message whose `value` is the data. The
 * clicked card is rewritten with updateActivity; notes and new cards are sent as messages.
 */
export async function handleSubmit(ctx: AppContext, turn: TurnContext): Promise<void> {
  const { outcome } = await outcomeOf(ctx, turn, false);
  const replyTo = turn.activity.replyToId;
  if (outcome.replace && replyTo) {
    await turn.updateActivity({ ...cardActivity(outcome.replace), id: replyTo });
  } else if (outcome.replace) {
    await turn.sendActivity(cardActivity(outcome.replace));
  }
  if (outcome.post) await turn.sendActivity(cardActivity(outcome.post));
  if (outcome.note) await turn.sendActivity(outcome.note);
}
