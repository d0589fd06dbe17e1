import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { tendErrorText } from '../../app/chat-commands';
import type { AppContext } from '../../app/context';
import { defaultLocale } from '../../app/languages';
import { logChatMessage } from '../../app/timeline';
import { ACTIONS, parseValueOf } from '../../cards/actions';
import { type AcElement, renderAdaptiveCard } from '../../cards/adaptive-card';
import { t, tm } from '../../cards/i18n/t';
import { LOG_FIELDS, logMessageForm } from '../../cards/log-message-form';
import { type Card, submit } from '../../cards/model';
import { type Locale, normalizeLocale } from '../../domain/locale';
import { isTendError } from '../../errors';
import type { InvokeResult } from './click';
import { identify } from './identify';

/** The message action's command id (manifests/teams/manifest.json `composeExtensions`). */
export const LOG_TO_ACCOUNT_COMMAND = 'logToAccount';

// What Teams sends with a message action (fetchTask and submitAction): the message it was
// used on. From outside: checked, and only the fields Tend reads.
const messagePayload = z.looseObject({
  id: z.string().max(200).optional(),
  createdDateTime: z.string().max(60).optional(),
  linkToMessage: z.string().max(2000).optional(),
  body: z.looseObject({ contentType: z.string().optional(), content: z.string().optional() }),
  from: z
    .looseObject({
      user: z.looseObject({ displayName: z.string().max(300).nullish() }).nullish(),
    })
    .nullish(),
});
const actionValue = z.looseObject({
  commandId: z.string().max(100),
  messagePayload: messagePayload.optional(),
  data: z.looseObject({}).optional(),
});
type MessagePayload = z.infer<typeof messagePayload>;

/**
 * `composeExtension/fetchTask` and `composeExtension/submitAction` of the "Log to account"
 * message action: a task module asking which account (with the message filled in), then the
 * message, its author and its link on that account's timeline.
 */
export async function handleMessageAction(
  ctx: AppContext,
  turn: TurnContext,
): Promise<InvokeResult> {
  const parsed = actionValue.safeParse(turn.activity.value);
  if (!parsed.success || parsed.data.commandId !== LOG_TO_ACCOUNT_COMMAND) {
    return { status: 400, body: undefined };
  }
  const message = parsed.data.messagePayload;
  // The activity's locale (Teams sends the client's) before the profile: the form opens at
  // once, with no roster lookup; the Save's answer uses the profile's when Teams sent none.
  const early = normalizeLocale(turn.activity.locale) ?? defaultLocale(ctx);
  if (turn.activity.name === 'composeExtension/fetchTask') {
    return taskForm(logMessageForm(plainText(message), save(randomUUID(), early), '', early));
  }
  const data = parsed.data.data ?? {};
  const value = parseValueOf(
    ACTIONS.logMessage,
    typeof data.value === 'string' ? data.value : null,
  );
  const account = typeof data[LOG_FIELDS.account] === 'string' ? data[LOG_FIELDS.account] : '';
  const text = typeof data[LOG_FIELDS.text] === 'string' ? data[LOG_FIELDS.text] : '';
  if (!value?.form) return taskMessage(t(early, 'click.logOutOfDate'));
  let locale = early;
  try {
    const who = await identify(ctx, turn);
    locale = normalizeLocale(turn.activity.locale) ?? who.locale ?? early;
    const result = await logChatMessage(ctx, {
      accountQuery: String(account),
      text: String(text),
      author: message?.from?.user?.displayName ?? null,
      link:
        message?.linkToMessage && /^https:\/\//.test(message.linkToMessage)
          ? message.linkToMessage
          : null,
      at: message?.createdDateTime ? validDate(message.createdDateTime) : null,
      loggedBy: who.name,
      platform: 'teams',
      requestKey: `teams:log:${value.form}`,
      locale,
    });
    if (!result.ok) {
      // The form again, as filled in, with what to fix on top.
      const form = logMessageForm(String(text), save(value.form, locale), String(account), locale);
      return taskForm({
        ...form,
        blocks: [{ type: 'status', text: [{ text: tm(locale, result.problem) }] }, ...form.blocks],
      });
    }
    const l = result.logged;
    return taskMessage(
      t(locale, l.created ? 'click.logSaved' : 'click.logAlready', { name: l.accountName }),
    );
  } catch (error) {
    if (!isTendError(error)) ctx.log.error({ err: error }, 'teams: log to account failed');
    return taskMessage(
      isTendError(error) ? tendErrorText(locale, error) : t(locale, 'click.nothingRecorded'),
    );
  }
}

const save = (form: string, locale: Locale) =>
  submit(t(locale, 'form.save'), ACTIONS.logMessage, { form });

/**
 * The form as a task module. A task module takes Action.Submit (its data comes back as the
 * submitAction's `data`), not Action.Execute: each action is swapped for its fallback.
 */
function taskForm(card: Card): InvokeResult {
  const content = renderAdaptiveCard(card);
  const submitOnly = (el: unknown): unknown => {
    if (Array.isArray(el)) return el.map(submitOnly);
    if (!el || typeof el !== 'object') return el;
    const e = el as AcElement;
    if (e.type === 'Action.Execute' && e.fallback) return e.fallback;
    return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, submitOnly(v)]));
  };
  return {
    status: 200,
    body: {
      task: {
        type: 'continue',
        value: {
          title: card.title,
          width: 'medium',
          height: 'medium',
          card: {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: submitOnly(content),
          },
        },
      },
    },
  };
}

function taskMessage(text: string): InvokeResult {
  return { status: 200, body: { task: { type: 'message', value: text } } };
}

/** The message as text: Teams sends HTML ("<p>…</p>", "<br>", entities). */
export function plainText(message: MessagePayload | undefined): string {
  const content = message?.body.content ?? '';
  if (message?.body.contentType !== 'html') return content.trim();
  return content
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function validDate(text: string): Date | null {
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? null : at;
}
