import { accountFollowUpsCard, FOLLOW_UPS_SHOWN, myFollowUpsCard } from '../cards/follow-ups-card';
import type { Card } from '../cards/model';
import { problemText } from '../cards/problem-text';
import type { FollowUp } from '../db/tables/follow-ups';
import type { Locale } from '../domain/locale';
import { pastDueProblem } from '../domain/parse/due-date';
import { cleanChatText } from '../domain/text-input';
import { dayIn } from '../domain/time-zone';
import { TendError } from '../errors';
import { getAccount } from '../store/accounts';
import {
  createFollowUp,
  markFollowUpDone,
  openFollowUpsOnAccount,
  openFollowUpsOwnedBy,
} from '../store/follow-ups';
import type { AppContext } from './context';
import { defaultLocale } from './languages';
import { milestoneDoneWithFollowUp } from './plans';
import { userError } from './user-error';

export const MAX_TITLE = 500;

export interface LogFollowUp {
  accountId: number;
  title: string;
  dueOn: string | null;
  ownerEmail: string | null;
  /** Who asked: an e-mail, or platform:user-id when there is none. */
  createdBy: string;
  source: string;
  requestKey: string;
  /** The person's calendar day (their own time zone); the team's when not given. */
  today?: string;
}

export interface LoggedFollowUp {
  followUp: FollowUp;
  accountName: string;
  created: boolean;
}

/** Records a follow-up once per request key (retries and double clicks give one). */
export async function logFollowUp(ctx: AppContext, input: LogFollowUp): Promise<LoggedFollowUp> {
  // Cleaned here too, whatever the surface: Postgres refuses a NUL byte in text.
  const title = cleanChatText(input.title).trim();
  if (title === '') {
    const msg = { key: 'followups.needText' };
    throw new TendError('follow_up_empty', problemText('en', msg), 1, msg);
  }
  if (title.length > MAX_TITLE) {
    const msg = { key: 'followups.tooLong', params: { max: MAX_TITLE } };
    throw new TendError('follow_up_long', problemText('en', msg), 1, msg);
  }
  // Every way in (command, Slack modal, Teams form) meets this: a past day would be born overdue.
  const past = input.dueOn ? pastDueProblem(input.dueOn, input.today ?? todayOf(ctx)) : null;
  if (past) throw new TendError('follow_up_past', problemText('en', past), 1, past);
  const account = await getAccount(ctx.db, input.accountId);
  if (!account) {
    const msg = { key: 'account.gone' };
    throw new TendError('unknown_account', problemText('en', msg), 1, msg);
  }
  const { today: _today, ...fields } = input;
  const { followUp, created } = await createFollowUp(ctx.db, { ...fields, title });
  if (created) {
    ctx.log.info(
      { followUpId: followUp.id, accountId: account.id, source: input.source },
      'follow-up logged',
    );
  }
  return { followUp, accountName: account.name, created };
}

export const todayOf = (ctx: AppContext) => dayIn(ctx.clock.now(), ctx.config.settings.timezone);

/** A person's calendar day: in their own time zone when known (chat_users.tz), else the team's. */
export const todayFor = (ctx: AppContext, user: { timeZone?: string | null }) =>
  dayIn(ctx.clock.now(), user.timeZone ?? ctx.config.settings.timezone);

export async function myFollowUps(
  ctx: AppContext,
  email: string,
  note?: string,
  offset = 0,
  locale: Locale = 'en',
): Promise<Card> {
  const page = await openFollowUpsOwnedBy(ctx.db, email, FOLLOW_UPS_SHOWN, offset);
  return myFollowUpsCard(page, todayOf(ctx), note, offset, locale);
}

export async function followUpsOfAccount(
  ctx: AppContext,
  accountId: number,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const account = await getAccount(ctx.db, accountId);
  if (!account) {
    const msg = { key: 'account.gone' };
    throw new TendError('unknown_account', problemText('en', msg), 1, msg);
  }
  const page = await openFollowUpsOnAccount(ctx.db, accountId, FOLLOW_UPS_SHOWN);
  return accountFollowUpsCard(account.name, page, todayOf(ctx), locale);
}

/** Done, once: a second click (or a colleague's) says who closed it and changes nothing. */
export async function completeFollowUp(
  ctx: AppContext,
  followUpId: number,
  by: string,
): Promise<{ followUp: FollowUp; changed: boolean }> {
  const now = ctx.clock.now();
  // A milestone's follow-up closes the milestone too (success plans), in one transaction.
  const result = await ctx.db.transaction().execute(async (trx) => {
    const done = await markFollowUpDone(trx, followUpId, by, now);
    if (done?.changed) await milestoneDoneWithFollowUp(trx, followUpId, by, now);
    return done;
  });
  if (!result) throw userError('unknown_follow_up', 'followups.gone');
  return result;
}
