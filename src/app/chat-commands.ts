import { followUpLoggedCard } from '../cards/follow-ups-card';
import { helpCard } from '../cards/help-card';
import { t } from '../cards/i18n/t';
import { noticeCard } from '../cards/notice-card';
import { problemText } from '../cards/problem-text';
import { isDatabaseOutage } from '../db/errors';
import type { Locale, Msg } from '../domain/locale';
import type { ChatCommand, FollowUpSplit } from '../domain/parse/command';
import { GOVERNANCE_ACTIONS, PERSONAL_ACTIONS, parseCommand } from '../domain/parse/command';
import { cleanChatText, MAX_COMMAND_CHARS } from '../domain/text-input';
import { isTendError } from '../errors';
import { getAccount } from '../store/accounts';
import { healthAnswer } from './account-health';
import { atRisk, myPortfolio, renewalsWithin } from './account-lists';
import { lookupAccount } from './account-lookup';
import { findAccountIn } from './account-target';
import { addAlertNote, openAlertOf } from './alert-notes';
import type { ChatReply, ChatRequest } from './chat-reply';
import { noEmailCard } from './chat-users';
import type { AppContext } from './context';
import { logFollowUp, myFollowUps, todayFor, todayOf } from './follow-ups';
import { runGovernanceCommand } from './governance-commands';
import { defaultLocale, languageCommand, requestLocale } from './languages';
import { runPersonalCommand } from './personal-routing';
import { planAnswer } from './plans';
import { startManually } from './playbooks';
import { prepAnswer } from './prep';
import { canSeeTeamStats, refuse } from './roles';
import { statsAnswer } from './stats';
import { runSubscriptionsCommand } from './subscriptions';
import { openLoopsAnswer } from './survey-loops';
import { logTouch, timelineAnswer } from './timeline';

export type { ChatReply, ChatRequest } from './chat-reply';

const ephemeral = (card: ChatReply['card']): ChatReply => ({ visibility: 'ephemeral', card });

export const UNAVAILABLE_TEXT = t('en', 'error.unavailable');

export const FAILED_TEXT = t('en', 'error.failed');

export const TOO_LONG_TEXT = t('en', 'error.tooLong', { max: MAX_COMMAND_CHARS });

/** "That is too long for a command", in `locale`. */
export function tooLongCard(locale: Locale): ChatReply['card'] {
  return noticeCard(
    t(locale, 'error.tooLongTitle'),
    t(locale, 'error.tooLong', { max: MAX_COMMAND_CHARS }),
    locale,
  );
}

/** The answer when the work could not finish in time, or the database is unreachable. */
export function unavailableReply(locale: Locale = 'en'): ChatReply {
  return ephemeral(
    noticeCard(t(locale, 'error.unavailableTitle'), t(locale, 'error.unavailable'), locale),
  );
}

/** A TendError as its reader reads it: its catalog message when it has one. */
export function tendErrorText(locale: Locale, error: { message: string; msg?: Msg }): string {
  return error.msg ? problemText(locale, error.msg) : error.message;
}

/**
 * The answer to a command that failed: "temporarily unavailable" only when the database is
 * down or timed out (trying again later helps); any other failure says so, instead of sending
 * people and operators to look for an outage that is not there.
 */
export function failureReply(error: unknown, locale: Locale = 'en'): ChatReply {
  if (isDatabaseOutage(error)) return unavailableReply(locale);
  return ephemeral(noticeCard(t(locale, 'error.sorry'), t(locale, 'error.failed'), locale));
}

/**
 * The command text as Tend reads it: refused past MAX_COMMAND_CHARS (before any parsing, so a
 * huge message costs nothing), control characters and lone surrogates cleaned (Postgres
 * refuses a NUL byte in text).
 */
export function commandTextOf(text: string): string | null {
  if (text.length > MAX_COMMAND_CHARS) return null;
  return cleanChatText(text);
}

/** Commands that only make sense for a known CSM (they read or write "mine"). */
const NEEDS_EMAIL = new Set<ChatCommand['kind']>(['portfolio', 'followup', 'followups']);

function needsEmail(command: ChatCommand): boolean {
  return (
    NEEDS_EMAIL.has(command.kind) ||
    (command.kind === 'stats' && command.who.kind === 'me') ||
    (command.kind === 'loops' && !command.team)
  );
}

/**
 * Whether the command needs the person's profile: their e-mail ("mine" commands) or their
 * display name (a note's author). Platforms skip the profile lookup when it does not (e.g.
 * `/health acme`, the busiest command).
 */
/**
 * A command is parsed twice on its way (does it need the person's e-mail? then to run it): the
 * last few parses are kept, by text and day, so the second is a look-up.
 */
const recentParses = new Map<string, ReturnType<typeof parseCommand>>();
function parsed(text: string, today: string): ReturnType<typeof parseCommand> {
  const key = `${today}\u0000${text}`;
  const hit = recentParses.get(key);
  if (hit) return hit;
  // Shared between callers: frozen, so a caller that changed it would fail loudly.
  const command = Object.freeze(parseCommand(text, today));
  recentParses.set(key, command);
  if (recentParses.size > 64) recentParses.delete(recentParses.keys().next().value as string);
  return command;
}

export function commandNeedsEmail(ctx: AppContext, text: string): boolean {
  const clean = commandTextOf(text);
  if (clean === null) return false;
  const command = parsed(clean, todayOf(ctx));
  // /cs and /stats ask who is typing: admins and managers (by e-mail) may do more there.
  return (
    needsEmail(command) ||
    NEEDS_PROFILE.has(command.kind) ||
    command.kind === 'cs' ||
    command.kind === 'stats'
  );
}

/** A note shows its writer's display name in the alert's thread (no e-mail needed). */
const NEEDS_PROFILE = new Set<ChatCommand['kind']>([...NEEDS_EMAIL, 'note', 'touch']);

/**
 * Every chat command, for every platform: Slack and Teams only translate their request in and
 * the reply out. Never throws: users' errors become a clear answer, anything else is logged and
 * answered by failureReply ("temporarily unavailable" only for a database outage).
 */
export async function runChatCommand(ctx: AppContext, request: ChatRequest): Promise<ChatReply> {
  // The person's own language needs no database; the channel's does, and is asked for below
  // (a failure before that answers in the person's language or the default).
  let locale = request.locale ?? defaultLocale(ctx);
  const text = commandTextOf(request.text);
  if (text === null) return ephemeral(tooLongCard(locale));
  try {
    locale = await requestLocale(ctx, request);
    // Relative due dates ("friday", "in 3 days") are the person's, in their own time zone.
    const command = parsed(text, todayFor(ctx, request.user));
    if (needsEmail(command) && !request.user.email) return ephemeral(noEmailCard(locale));
    return await answer(ctx, request, command, locale);
  } catch (error) {
    if (isTendError(error)) {
      return ephemeral(noticeCard(t(locale, 'error.sorry'), tendErrorText(locale, error), locale));
    }
    ctx.log.error({ err: error, platform: request.platform }, 'chat command failed');
    return failureReply(error, locale);
  }
}

async function answer(
  ctx: AppContext,
  request: ChatRequest,
  command: ChatCommand,
  locale: Locale,
): Promise<ChatReply> {
  const email = request.user.email ?? '';
  switch (command.kind) {
    case 'health':
      return ephemeral((await healthAnswer(ctx, command.query, locale)).card);
    case 'portfolio':
      return ephemeral(await myPortfolio(ctx, email, locale));
    case 'followups':
      return ephemeral(await myFollowUps(ctx, email, undefined, 0, locale));
    case 'followup':
      return followUp(ctx, request, command.splits, command.due, locale);
    case 'note':
      return note(ctx, request, command.splits, locale);
    case 'touch':
      return touch(ctx, request, command.splits, locale);
    case 'timeline':
      return ephemeral(await timelineAnswer(ctx, command.query, command.days, locale));
    case 'renewals':
      return ephemeral(await renewalsWithin(ctx, command.days, 0, locale));
    case 'risk':
      return ephemeral(await atRisk(ctx, 0, locale));
    case 'loops':
      return ephemeral(await openLoopsAnswer(ctx, command.team ? null : email, locale));
    case 'plan':
      return ephemeral(await planAnswer(ctx, command.query, locale));
    case 'prep':
      return ephemeral(await prepAnswer(ctx, command.query, locale));
    case 'stats': {
      const own =
        command.who.kind === 'me' ||
        (command.who.kind === 'person' &&
          command.who.email.toLowerCase() === request.user.email?.toLowerCase());
      if (!own && !canSeeTeamStats(ctx, { email: request.user.email })) {
        return refuse(ctx, request, 'stats', { key: 'refuse.teamStats' }, locale);
      }
      return ephemeral(
        await statsAnswer(ctx, command.who, command.period, request.user.email, locale),
      );
    }
    case 'play':
      return play(ctx, request, command.account, command.playbook, locale);
    case 'cs':
      if (PERSONAL_ACTIONS.has(command.action)) {
        return runPersonalCommand(ctx, request, command, locale);
      }
      if (command.action === 'language') {
        return languageCommand(ctx, request, command.args, locale);
      }
      return GOVERNANCE_ACTIONS.has(command.action)
        ? runGovernanceCommand(ctx, request, command, locale)
        : runSubscriptionsCommand(ctx, request, command, locale);
    case 'help':
      return ephemeral(helpCard(locale));
    case 'invalid':
      return ephemeral(helpCard(locale, problemText(locale, command.problem)));
  }
}

async function followUp(
  ctx: AppContext,
  request: ChatRequest,
  splits: FollowUpSplit[],
  due: string | null,
  locale: Locale,
): Promise<ChatReply> {
  const target = await findAccountIn(ctx, splits, locale);
  if (target.kind !== 'found') return ephemeral(target.card);
  const logged = await logFollowUp(ctx, {
    accountId: target.accountId,
    title: target.text,
    dueOn: due,
    ownerEmail: request.user.email,
    createdBy: request.user.email ?? `${request.platform}:${request.user.id}`,
    source: request.platform,
    requestKey: `${request.platform}:${request.requestKey}`,
    today: todayFor(ctx, request.user),
  });
  return ephemeral(
    followUpLoggedCard(
      {
        title: logged.followUp.title,
        dueOn: logged.followUp.due_on,
        ownerEmail: logged.followUp.owner_email,
        accountName: logged.accountName,
      },
      logged.created,
      locale,
    ),
  );
}

/** `/note <account> <text>`: to the account's open alert, its thread and its history. */
async function note(
  ctx: AppContext,
  request: ChatRequest,
  splits: FollowUpSplit[],
  locale: Locale,
): Promise<ChatReply> {
  const target = await findAccountIn(ctx, splits, locale);
  if (target.kind !== 'found') return ephemeral(target.card);
  const alertId = await openAlertOf(ctx, target.accountId);
  const account = await getAccount(ctx.db, target.accountId);
  if (alertId === null) {
    // No alert to hang it on: the note goes on the account's timeline (it is not a touch, so
    // it does not reset the check-in cadence).
    const logged = await logTouch(ctx, {
      accountId: target.accountId,
      text: target.text,
      kind: 'note',
      loggedBy: request.user.name,
      platform: request.platform,
      requestKey: `${request.platform}:${request.requestKey}`,
      locale,
    });
    return ephemeral(
      noticeCard(
        t(locale, 'note.savedTitle'),
        t(locale, 'note.onTimeline', {
          name: account?.name ?? '—',
          saved: logged.created ? 'yes' : 'no',
        }),
        locale,
      ),
    );
  }
  const result = await addAlertNote(
    ctx,
    alertId,
    target.text,
    { id: request.user.id, name: `@${request.user.name}`, platform: request.platform, locale },
    `${request.platform}:${request.requestKey}`,
  );
  return ephemeral(
    noticeCard(
      t(locale, result.added ? 'note.addedTitle' : 'note.notAddedTitle'),
      result.message,
      locale,
    ),
  );
}

/** `/touch <account> call with the CFO`: a touchpoint on the account's timeline. */
async function touch(
  ctx: AppContext,
  request: ChatRequest,
  splits: FollowUpSplit[],
  locale: Locale,
): Promise<ChatReply> {
  const target = await findAccountIn(ctx, splits, locale);
  if (target.kind !== 'found') return ephemeral(target.card);
  const logged = await logTouch(ctx, {
    accountId: target.accountId,
    text: target.text,
    loggedBy: request.user.name,
    platform: request.platform,
    requestKey: `${request.platform}:${request.requestKey}`,
    locale,
  });
  return ephemeral(logged.card);
}

/** `/play <account> <playbook>`: starts it now; the answer is its checklist. */
async function play(
  ctx: AppContext,
  request: ChatRequest,
  query: string,
  playbook: string,
  locale: Locale,
): Promise<ChatReply> {
  const found = await lookupAccount(ctx, query);
  if (found.kind !== 'found') return ephemeral((await healthAnswer(ctx, query, locale)).card);
  const result = await startManually(
    ctx,
    found.account.id,
    playbook,
    request.user.email ?? `@${request.user.name}`,
    `${request.platform}:${request.requestKey}`,
    locale,
  );
  return ephemeral(result.card);
}
