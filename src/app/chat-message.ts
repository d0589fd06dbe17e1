import { t } from '../cards/i18n/t';
import { noticeCard } from '../cards/notice-card';
import { COMMAND_WORDS, parseCommand } from '../domain/parse/command';
import { isTendError } from '../errors';
import {
  commandTextOf,
  failureReply,
  runChatCommand,
  tendErrorText,
  tooLongCard,
} from './chat-commands';
import type { ChatReply, ChatRequest } from './chat-reply';
import type { AppContext } from './context';
import { todayOf } from './follow-ups';
import { defaultLocale } from './languages';
import { answerQuestion } from './questions';

const ephemeral = (card: ChatReply['card']): ChatReply => ({ visibility: 'ephemeral', card });

/**
 * Whether a message to the bot is a command: it starts with "/", or with a command's word and
 * reads as that command ("health acme", "renewals 30"). "renewals next month" does not (the
 * command wants days), so it is asked as a question instead of answered with a usage error.
 */
export function isCommandMessage(ctx: AppContext, text: string): boolean {
  const t = text.trim();
  if (t.startsWith('/')) return true;
  const word = t.split(/\s+/, 1)[0]?.toLowerCase() ?? '';
  return COMMAND_WORDS.has(word) && parseCommand(t, todayOf(ctx)).kind !== 'invalid';
}

/**
 * Anything said to the bot (a mention, a direct message, a Teams message): a command when it
 * reads as one, else a question. Never throws, as runChatCommand.
 */
export async function runChatMessage(ctx: AppContext, request: ChatRequest): Promise<ChatReply> {
  const locale = request.locale ?? defaultLocale(ctx);
  const text = commandTextOf(request.text);
  if (text === null) return ephemeral(tooLongCard(locale));
  if (text.trim() === '' || isCommandMessage(ctx, text)) {
    return runChatCommand(ctx, { ...request, text: text.trim() === '' ? 'help' : text });
  }
  try {
    return await answerQuestion(ctx, { ...request, text });
  } catch (error) {
    if (isTendError(error)) {
      return ephemeral(noticeCard(t(locale, 'error.sorry'), tendErrorText(locale, error), locale));
    }
    ctx.log.error({ err: error, platform: request.platform }, 'chat question failed');
    return failureReply(error, locale);
  }
}
