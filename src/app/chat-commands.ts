import { followUpLoggedCard } from '../cards/follow-ups-card';
import { helpCard } from '../cards/help-card';
import { noticeCard } from '../cards/notice-card';
import { isDatabaseOutage } from '../db/errors';
import type { Locale } from '../domain/locale';
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
import { NO_EMAIL_MESSAGE } from './chat-users';
import type { AppContext } from './context';
import { logFollowUp, myFollowUps, todayFor, todayOf } from './follow-ups';
import { runGovernanceCommand } from './governance-commands';
import { languageCommand, requestLocale } from './languages';
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

export const UNAVAILABLE_TEXT =
  'Tend is temporarily unavailable (it cannot reach its database). Please try again in a minute.';

export const FAILED_TEXT =
  'Sorry, Tend could not do that: something in the request or in Tend went wrong (it is ' +
  'logged for the admin). Trying again will not help; rephrasing might.';

export const TOO_LONG_TEXT = `That is too long for a command: at most ${MAX_COMMAND_CHARS.toLocaleString('en')} characters.`;

/** The answer when the work could not finish in time, or the database is unreachable. */
export function unavailableReply(): ChatReply {
  return ephemeral(noticeCard('Temporarily unavailable', UNAVAILABLE_TEXT));
}

/**
 * The answer to a command that failed: "temporarily unavailable" only when the database is
 * down or timed out (trying again later helps); any other failure says so, instead of sending
 * people and operators to look for an outage that is not there.
 */
export function failureReply(error: unknown): ChatReply {
  if (isDatabaseOutage(error)) return unavailableReply();
  return ephemeral(noticeCard('Sorry', FAILED_TEXT));
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
  const text = commandTextOf(request.text);
  if (text === null) return ephemeral(noticeCard('Too long', TOO_LONG_TEXT));
  try {
    // Relative due dates ("friday", "in 3 days") are the person's, in their own time zone.
    const command = parsed(text, todayFor(ctx, request.user));
    if (needsEmail(command) && !request.user.email) {
      return ephemeral(noticeCard('Who are you?', NO_EMAIL_MESSAGE));
    }
    return await answer(ctx, request, command, await requestLocale(ctx, request));
  } catch (error) {
    if (isTendError(error)) return ephemeral(noticeCard('Sorry', error.message));
    ctx.log.error({ err: error, platform: request.platform }, 'chat command failed');
    return failureReply(error);
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
      return note(ctx, request, command.splits);
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
        return refuse(
          ctx,
          request,
          'stats',
          "Only managers and admins (the `managers` and `admins` settings) see the team's or another person's numbers; /stats me shows yours.",
        );
      }
      return ephemeral(
        await statsAnswer(ctx, command.who, command.period, request.user.email, locale),
      );
    }
    case 'play':
      return play(ctx, request, command.account, command.playbook, locale);
    case 'cs':
      if (PERSONAL_ACTIONS.has(command.action)) return runPersonalCommand(ctx, request, command);
      if (command.action === 'language') {
        return languageCommand(ctx, request, command.args, locale);
      }
      return GOVERNANCE_ACTIONS.has(command.action)
        ? runGovernanceCommand(ctx, request, command)
        : runSubscriptionsCommand(ctx, request, command);
    case 'help':
      return ephemeral(helpCard());
    case 'invalid':
      return ephemeral(helpCard(command.message));
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
): Promise<ChatReply> {
  const target = await findAccountIn(ctx, splits);
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
    });
    return ephemeral(
      noticeCard(
        'Note saved',
        `${account?.name ?? 'That account'} has no open alert, so the note is on its timeline ` +
          `(${logged.created ? 'saved' : 'already saved'}; /timeline shows it). To keep a to-do, use /followup.`,
      ),
    );
  }
  const result = await addAlertNote(
    ctx,
    alertId,
    target.text,
    { id: request.user.id, name: `@${request.user.name}`, platform: request.platform },
    `${request.platform}:${request.requestKey}`,
  );
  return ephemeral(noticeCard(result.added ? 'Note added' : 'Note not added', result.message));
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
