import { helpCard } from '../cards/help-card';
import {
  ACCOUNTS_SHOWN,
  modelAnswerCard,
  myAlertsCard,
  notUnderstoodMessage,
  questionAccountsCard,
  withUnderstood,
} from '../cards/question-card';
import { describeQuestion } from '../cards/question-summary';
import { hasHan } from '../domain/han';
import type { Locale } from '../domain/locale';
import { parseQuestion, type Question } from '../domain/parse/question';
import { openAlertsFor } from '../store/account-lists';
import { accountsMatching } from '../store/account-query';
import { healthAnswer } from './account-health';
import type { ChatReply, ChatRequest } from './chat-reply';
import { noEmailCard } from './chat-users';
import type { AppContext } from './context';
import { myFollowUps, todayOf } from './follow-ups';
import { requestLocale } from './languages';
import { askModel } from './question-llm';
import { accountQueryOf } from './questions-query';

export { accountQueryOf, TREND_DAYS, TREND_POINTS } from './questions-query';

const ALERTS_SHOWN = 25;

const ephemeral = (card: ChatReply['card']): ChatReply => ({ visibility: 'ephemeral', card });

/** Whether answering needs the asker's e-mail ("mine", my follow-ups, my alerts). */
export function questionNeedsEmail(q: Question): boolean {
  return (
    q.kind === 'followups' ||
    q.kind === 'alerts' ||
    (q.kind === 'accounts' && q.filters.owner?.kind === 'me')
  );
}

/**
 * A question written in Chinese is answered in Chinese, whatever the platform's locale says:
 * the asker just showed what they read. An account or owner name in Han characters inside an
 * English question ("how is 阿里巴巴 doing?") says nothing about the language, so it is left out.
 */
export function questionLocale(text: string, q: Question): Locale | null {
  let rest = text;
  if (q.kind === 'account') rest = rest.replaceAll(q.account, ' ');
  if (q.kind === 'accounts' && q.filters.owner?.kind === 'name') {
    rest = rest.replaceAll(q.filters.owner.name, ' ');
  }
  return hasHan(rest) ? 'zh-CN' : null;
}

/**
 * A free-form question (a mention, a DM, a Teams message that is no command), answered from
 * Tend's own data with the commands' cards and a line saying what was understood. Read-only.
 */
export async function answerQuestion(ctx: AppContext, request: ChatRequest): Promise<ChatReply> {
  const question = parseQuestion(request.text);
  const locale = questionLocale(request.text, question) ?? (await requestLocale(ctx, request));
  if (questionNeedsEmail(question) && !request.user.email) return ephemeral(noEmailCard(locale));
  if (question.kind === 'unknown' && ctx.config.llm) {
    const card = await modelCard(ctx, request, locale);
    if (card) return ephemeral(card);
  }
  return ephemeral(await answerParsed(ctx, question, request.user.email ?? '', locale));
}

/**
 * The optional model's answer to what the parser could not read, or null when it is off or
 * its answer cannot be used (slow, failing, garbage, an unknown tool): then the parser's
 * "not understood" stands. Only configured endpoints are called; nothing else leaves.
 */
async function modelCard(
  ctx: AppContext,
  request: ChatRequest,
  locale: Locale,
): Promise<ChatReply['card'] | null> {
  const llm = ctx.config.llm;
  if (!llm) return null;
  try {
    const answer = await askModel(ctx, llm, request.text, request.user.email);
    return modelAnswerCard(answer.text, answer.cited, llm.model, locale);
  } catch (error) {
    ctx.log.warn(
      { err: error instanceof Error ? error.message : String(error), model: llm.model },
      'language model answer not used; the parser answers',
    );
    return null;
  }
}

export async function answerParsed(
  ctx: AppContext,
  question: Question,
  email: string,
  locale: Locale = 'en',
): Promise<ChatReply['card']> {
  // What was read, in the reader's words: a Chinese question gets a Chinese summary.
  const understood = describeQuestion(question, locale);
  switch (question.kind) {
    case 'account':
      return withUnderstood(
        (await healthAnswer(ctx, question.account, locale)).card,
        understood,
        locale,
      );
    case 'accounts': {
      const today = todayOf(ctx);
      const page = await accountsMatching(
        ctx.db,
        accountQueryOf(question.filters, today, email),
        ACCOUNTS_SHOWN,
      );
      return questionAccountsCard(page, question.measure, understood, today, locale);
    }
    case 'followups':
      return withUnderstood(
        await myFollowUps(ctx, email, undefined, 0, locale),
        understood,
        locale,
      );
    case 'alerts':
      return myAlertsCard(await openAlertsFor(ctx.db, email, ALERTS_SHOWN), understood, locale);
    case 'unknown':
      return helpCard(locale, notUnderstoodMessage(question.suggestion, locale));
  }
}
