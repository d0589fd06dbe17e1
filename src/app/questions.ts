import { helpCard } from '../cards/help-card';
import { noticeCard } from '../cards/notice-card';
import {
  ACCOUNTS_SHOWN,
  myAlertsCard,
  notUnderstoodMessage,
  questionAccountsCard,
  withUnderstood,
} from '../cards/question-card';
import { parseQuestion, type Question } from '../domain/parse/question';
import type { AccountFilters } from '../domain/parse/question-model';
import { describeQuestion } from '../domain/parse/question-summary';
import { resolveWindow } from '../domain/parse/question-window';
import { openAlertsFor } from '../store/account-lists';
import { type AccountQuery, accountsMatching } from '../store/account-query';
import { healthAnswer } from './account-health';
import type { ChatReply, ChatRequest } from './chat-reply';
import { NO_EMAIL_MESSAGE } from './chat-users';
import type { AppContext } from './context';
import { myFollowUps, todayOf } from './follow-ups';

/** "Dropping" / "improving": the score moved this many points over TREND_DAYS. */
export const TREND_POINTS = 5;
export const TREND_DAYS = 30;
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

/** The filters as the store takes them: windows in days from today, "me" as an e-mail. */
export function accountQueryOf(
  f: AccountFilters,
  today: string,
  email: string | null,
): AccountQuery {
  const window = f.renewal ? resolveWindow(f.renewal, today) : null;
  return {
    ...(f.bands ? { bands: f.bands } : {}),
    ...(f.atRisk ? { atRisk: true } : {}),
    ...(f.segment ? { segment: f.segment } : {}),
    ...(f.tier ? { tier: f.tier } : {}),
    ...(f.owner?.kind === 'me' && email ? { ownerEmail: email } : {}),
    ...(f.owner?.kind === 'email' ? { ownerEmail: f.owner.email } : {}),
    ...(f.owner?.kind === 'name' ? { ownerHandle: f.owner.name } : {}),
    ...(f.minArr !== undefined ? { minArr: f.minArr } : {}),
    ...(f.maxArr !== undefined ? { maxArr: f.maxArr } : {}),
    ...(window ? { renewalFrom: window.from, renewalTo: window.to } : {}),
    ...(f.rule ? { rule: f.rule } : {}),
    ...(f.trend ? { trend: f.trend } : {}),
    trendDays: TREND_DAYS,
    trendPoints: TREND_POINTS,
  };
}

/**
 * A free-form question (a mention, a DM, a Teams message that is no command), answered from
 * Tend's own data with the commands' cards and a line saying what was understood. Read-only.
 */
export async function answerQuestion(ctx: AppContext, request: ChatRequest): Promise<ChatReply> {
  const question = parseQuestion(request.text);
  if (questionNeedsEmail(question) && !request.user.email) {
    return ephemeral(noticeCard('Who are you?', NO_EMAIL_MESSAGE));
  }
  return ephemeral(await answerParsed(ctx, question, request.user.email ?? ''));
}

export async function answerParsed(
  ctx: AppContext,
  question: Question,
  email: string,
): Promise<ChatReply['card']> {
  const understood = describeQuestion(question);
  switch (question.kind) {
    case 'account':
      return withUnderstood((await healthAnswer(ctx, question.account)).card, understood);
    case 'accounts': {
      const today = todayOf(ctx);
      const page = await accountsMatching(
        ctx.db,
        accountQueryOf(question.filters, today, email),
        ACCOUNTS_SHOWN,
      );
      return questionAccountsCard(page, question.measure, understood, today);
    }
    case 'followups':
      return withUnderstood(await myFollowUps(ctx, email), understood);
    case 'alerts':
      return myAlertsCard(await openAlertsFor(ctx.db, email, ALERTS_SHOWN), understood);
    case 'unknown':
      return helpCard(notUnderstoodMessage(question.suggestion));
  }
}
