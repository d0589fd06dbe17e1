import { choicesCard, noMatchCard } from '../cards/account-choice-card';
import { list } from '../cards/i18n/format';
import { tm } from '../cards/i18n/t';
import type { Card } from '../cards/model';
import { timelineCard, touchLoggedCard } from '../cards/timeline-card';
import type { Locale, Msg } from '../domain/locale';
import {
  MAX_TIMELINE_DAYS,
  MAX_TOUCH_TEXT,
  TIMELINE_SHOWN,
  type TimelineItem,
  type TouchKind,
  touchKindOf,
} from '../domain/timeline';
import { TendError } from '../errors';
import { getAccount } from '../store/accounts';
import { accountTimeline } from '../store/timeline';
import { insertTouchpoint } from '../store/touchpoints';
import { lookupAccount } from './account-lookup';
import type { AppContext } from './context';
import { defaultLocale } from './languages';
import { userError } from './user-error';

const DAY_MS = 86_400_000;

export interface TouchInput {
  accountId: number;
  text: string;
  /** Read from the text's first word when not given. */
  kind?: TouchKind;
  /** Who logged it (a display name or an e-mail). */
  loggedBy: string;
  /** A saved chat message: who wrote it, and the link back to it. */
  author?: string | null;
  link?: string | null;
  platform: string;
  /** When it happened (a saved message: when it was written); default now. */
  at?: Date;
  requestKey: string | null;
  /** The language of the answer card (the person's). */
  locale?: Locale;
}

export interface LoggedTouch {
  accountName: string;
  kind: TouchKind;
  text: string;
  created: boolean;
  card: Card;
}

/** What is wrong with a touch's text; null when it is fine. */
export function touchProblem(text: string): Msg | null {
  if (text.trim() === '') return { key: 'problem.touchText' };
  if (text.length > MAX_TOUCH_TEXT)
    return { key: 'problem.atMost', params: { max: MAX_TOUCH_TEXT } };
  return null;
}

/**
 * Records a touchpoint (or a saved message, or a note) on an account's timeline. A request key
 * seen before records nothing and answers with the first.
 */
export async function logTouch(ctx: AppContext, input: TouchInput): Promise<LoggedTouch> {
  const text = input.text.trim();
  const problem = touchProblem(text);
  // The message key rides along so a chat reply words it for whoever reads it.
  if (problem)
    throw new TendError(
      'touch_invalid',
      tm(input.locale ?? defaultLocale(ctx), problem),
      1,
      problem,
    );
  const account = await getAccount(ctx.db, input.accountId);
  if (!account) throw userError('unknown_account', 'account.gone');
  const kind = input.kind ?? touchKindOf(text);
  const { touchpoint, created } = await insertTouchpoint(ctx.db, {
    accountId: account.id,
    kind,
    text,
    loggedBy: input.loggedBy,
    author: input.author ?? null,
    platform: input.platform,
    link: input.link ?? null,
    at: input.at ?? ctx.clock.now(),
    requestKey: input.requestKey,
  });
  return {
    accountName: account.name,
    kind: touchpoint.kind,
    text: touchpoint.text,
    created,
    card: touchLoggedCard(
      account.name,
      touchpoint.kind,
      touchpoint.text,
      created,
      input.locale ?? defaultLocale(ctx),
    ),
  };
}

/** The account's timeline over the last `days` days, newest first (the API pages it). */
export async function timelineOf(
  ctx: AppContext,
  accountId: number,
  days: number,
  limit: number,
  offset = 0,
): Promise<{ items: TimelineItem[]; total: number }> {
  const span = Math.min(Math.max(1, days), MAX_TIMELINE_DAYS);
  const since = new Date(ctx.clock.now().getTime() - span * DAY_MS);
  return accountTimeline(ctx.db, accountId, since, limit, offset);
}

/** `/timeline acme [30d]`: the latest entries, or the choices, or "did you mean". */
export async function timelineAnswer(
  ctx: AppContext,
  query: string,
  days: number,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const found = await lookupAccount(ctx, query);
  if (found.kind === 'ambiguous') return choicesCard(query, found.matches, locale);
  if (found.kind === 'none') return noMatchCard(query, found.suggestions, locale);
  return timelineCardOf(ctx, found.account.id, found.account.name, days, locale);
}

export async function timelineCardOf(
  ctx: AppContext,
  accountId: number,
  accountName: string,
  days: number,
  locale: Locale = defaultLocale(ctx),
): Promise<Card> {
  const { items, total } = await timelineOf(ctx, accountId, days, TIMELINE_SHOWN);
  return timelineCard({
    accountName,
    days,
    items,
    total,
    now: ctx.clock.now(),
    timeZone: ctx.config.settings.timezone,
    locale,
  });
}

export interface ChatMessageToLog {
  /** What the person typed in the form's Account field. */
  accountQuery: string;
  text: string;
  author: string | null;
  link: string | null;
  /** When the message was written, when known. */
  at: Date | null;
  loggedBy: string;
  platform: string;
  requestKey: string;
  /** The language of the answer card (the person's). */
  locale?: Locale;
}

export type LogMessageResult =
  | { ok: true; logged: LoggedTouch }
  /** A problem with the form's fields: shown on the field, nothing recorded. */
  | { ok: false; field: 'account' | 'text'; problem: Msg };

/**
 * "Log to account" on a chat message (Slack message shortcut, Teams message action): the
 * message, its author and a link back, on the named account's timeline. A name that fits no
 * account, or several, is a problem on the Account field ("did you mean …").
 */
export async function logChatMessage(
  ctx: AppContext,
  m: ChatMessageToLog,
): Promise<LogMessageResult> {
  const problem = touchProblem(m.text);
  if (problem) return { ok: false, field: 'text', problem };
  const target = await accountForLog(ctx, m.accountQuery, m.locale ?? defaultLocale(ctx));
  if (!target.ok) return { ok: false, field: 'account', problem: target.problem };
  const logged = await logTouch(ctx, {
    accountId: target.accountId,
    text: m.text,
    kind: 'message',
    loggedBy: m.loggedBy,
    author: m.author,
    link: m.link,
    platform: m.platform,
    // A message's own time places it on the timeline; a clock ahead of ours is not trusted.
    ...(m.at && m.at.getTime() <= ctx.clock.now().getTime() ? { at: m.at } : {}),
    requestKey: m.requestKey,
    ...(m.locale ? { locale: m.locale } : {}),
  });
  return { ok: true, logged };
}

/**
 * The account a "Log to account" form names, or what is wrong with the name (said on the
 * field: nothing is recorded). Slack asks this before acknowledging the modal.
 */
export async function accountForLog(
  ctx: AppContext,
  accountQuery: string,
  locale: Locale,
): Promise<{ ok: true; accountId: number } | { ok: false; problem: Msg }> {
  const query = accountQuery.trim();
  if (query === '') return { ok: false, problem: { key: 'form.log.accountRequired' } };
  const found = await lookupAccount(ctx, query);
  if (found.kind === 'ambiguous') {
    const names = found.matches.slice(0, 5).map((a) => a.name);
    return {
      ok: false,
      // The names as the reader's language lists them ("A, B" / "A、B"): the problem is said
      // at once, in that same language.
      problem: { key: 'problem.logSeveral', params: { query, names: list(locale, names) } },
    };
  }
  if (found.kind === 'none') {
    const near = found.suggestions.slice(0, 3).map((a) => a.name);
    return {
      ok: false,
      problem: {
        key: 'problem.logNone',
        params: { query, near: near.length > 0 ? list(locale, near) : 'none' },
      },
    };
  }
  return { ok: true, accountId: found.account.id };
}
