import type { Msg } from '../locale';
import { DEFAULT_PERIOD, isPeriodName, PERIOD_NAMES, type PeriodName } from '../metrics/period';
import { DEFAULT_TIMELINE_DAYS, MAX_TIMELINE_DAYS } from '../timeline';
import { parseChineseDue, parseDueDate, pastDueProblem } from './due-date';
import { digitsForNumberWords } from './question-text';

/** What a person asked for in chat, the same for a Slack slash command and a Teams message. */
export type ChatCommand =
  | { kind: 'health'; query: string }
  | { kind: 'portfolio' }
  | { kind: 'followup'; splits: FollowUpSplit[]; due: string | null }
  | { kind: 'followups' }
  | { kind: 'note'; splits: FollowUpSplit[] }
  | { kind: 'touch'; splits: FollowUpSplit[] }
  | { kind: 'timeline'; query: string; days: number }
  | { kind: 'renewals'; days: number }
  | { kind: 'risk' }
  | { kind: 'stats'; who: StatsWho; period: PeriodName }
  | { kind: 'loops'; team: boolean }
  | { kind: 'plan'; query: string }
  | { kind: 'prep'; query: string }
  | { kind: 'play'; account: string; playbook: string }
  | { kind: 'cs'; action: CsAction; args: string }
  | { kind: 'help' }
  /** Not understood: `problem` says why, as a message key (`usage` names a command's usage). */
  | { kind: 'invalid'; problem: Msg };

export type CsAction =
  | 'subscribe'
  | 'subscriptions'
  | 'unsubscribe'
  | 'pause'
  | 'resume'
  | 'privacy'
  | 'allow-external'
  | 'deny-external'
  | 'alerts'
  | 'hours'
  | 'quiet'
  | 'follow'
  | 'unfollow'
  | 'following'
  | 'settings'
  | 'language';
const CS_ACTIONS: readonly CsAction[] = [
  'alerts',
  'hours',
  'quiet',
  'follow',
  'unfollow',
  'following',
  'settings',
  'subscribe',
  'subscriptions',
  'unsubscribe',
  'pause',
  'resume',
  'privacy',
  'allow-external',
  'deny-external',
  'language',
];
/** The /cs actions about the person typing: their alert routing, hours and follows. */
export const PERSONAL_ACTIONS: ReadonlySet<CsAction> = new Set([
  'alerts',
  'hours',
  'quiet',
  'follow',
  'unfollow',
  'following',
  'settings',
]);
/** The /cs actions that govern Tend rather than a channel's subscriptions (admins only). */
export const GOVERNANCE_ACTIONS: ReadonlySet<CsAction> = new Set([
  'privacy',
  'allow-external',
  'deny-external',
]);

/** Whose figures `/stats` shows: everyone's, mine, or one person's (by e-mail). */
export type StatsWho = { kind: 'team' } | { kind: 'me' } | { kind: 'person'; email: string };

/** One way to read `<account> <text>`: which words name the account, which are the task. */
export interface FollowUpSplit {
  account: string;
  text: string;
}

/** The words a command starts with; any other message to the bot is a question. */
export const COMMAND_WORDS: ReadonlySet<string> = new Set([
  'health',
  'followup',
  'follow-up',
  'followups',
  'follow-ups',
  'renewals',
  'risk',
  'help',
  'cs',
  'note',
  'stats',
  'loops',
  'touch',
  'timeline',
  'plan',
  'prep',
  'settings',
  'play',
]);

export const DEFAULT_RENEWAL_DAYS = 90;
const MAX_RENEWAL_DAYS = 730;
// Account names rarely run past four words; trying longer prefixes only slows the lookup.
const MAX_ACCOUNT_WORDS = 4;

/**
 * Commands whose usage a problem can quote; the words are the catalog's (`usage.<command>`), so
 * a problem carries the command's name in `params.usage` and the card layer fills the text.
 */
export type UsageOf =
  | 'followup'
  | 'renewals'
  | 'note'
  | 'touch'
  | 'timeline'
  | 'plan'
  | 'prep'
  | 'stats'
  | 'play';

const problem = (key: string, params: Record<string, string | number> = {}): ChatCommand => ({
  kind: 'invalid',
  problem: { key, params },
});

/**
 * Parses a command's text (`health acme`, `/followup acme call CFO by friday`, `cs help`).
 * `today` is the person's calendar day, for relative due dates. Never throws: anything it
 * does not understand comes back as `invalid` with a message that says what would work.
 */
export function parseCommand(input: string, today: string): ChatCommand {
  const text = input.trim().replace(/^\//, '').replace(/\s+/g, ' ');
  const space = text.indexOf(' ');
  const word = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : text.slice(space + 1).trim();
  switch (word) {
    case 'health':
      return rest === '' ? { kind: 'portfolio' } : { kind: 'health', query: rest };
    case 'followup':
    case 'follow-up':
      return parseFollowUp(rest, today);
    case 'followups':
    case 'follow-ups':
      return { kind: 'followups' };
    case 'note': {
      const splits = splitAccount(rest);
      return splits.length === 0
        ? problem('parse.needAccountAndNote', { usage: 'note' })
        : { kind: 'note', splits };
    }
    case 'touch': {
      const splits = splitAccount(rest);
      return splits.length === 0
        ? problem('parse.needAccountAndTouch', { usage: 'touch' })
        : { kind: 'touch', splits };
    }
    case 'timeline':
      return parseTimeline(rest);
    case 'renewals':
      return parseRenewals(rest);
    case 'risk':
      return { kind: 'risk' };
    case 'stats':
      return parseStats(rest);
    case 'plan':
    case 'prep':
      return rest === ''
        ? problem('parse.needAccount', { usage: word })
        : { kind: word, query: rest };
    case 'loops': {
      const which = rest.toLowerCase();
      if (which === '' || which === 'me' || which === 'mine') return { kind: 'loops', team: false };
      if (which === 'team' || which === 'all') return { kind: 'loops', team: true };
      return problem('parse.loopsWhich', { given: rest });
    }
    case 'play': {
      // The playbook is the last word (names have no spaces); the account is the rest.
      const at = rest.lastIndexOf(' ');
      if (at < 0) {
        return problem('parse.needAccountAndPlaybook', { usage: 'play' });
      }
      const account = rest
        .slice(0, at)
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .replace(/:$/, '');
      return { kind: 'play', account, playbook: rest.slice(at + 1).toLowerCase() };
    }
    case 'help':
    case '':
      return { kind: 'help' };
    case 'cs':
      return parseCs(rest);
    case 'settings':
      // Teams' personal chat has no slash: "settings" is cs settings (alert routing, hours).
      return { kind: 'cs', action: 'settings', args: rest };
    default:
      return problem('parse.unknownCommand', { word });
  }
}

function parseRenewals(rest: string): ChatCommand {
  if (rest === '') return { kind: 'renewals', days: DEFAULT_RENEWAL_DAYS };
  // 60天, 六十天, 60天内 read as 60 (the question parser's number words).
  const m = /^(\d{1,4})\s*(d|days?|天|日)?(内|以内|之内)?$/i.exec(digitsForNumberWords(rest));
  const days = m ? Number(m[1]) : Number.NaN;
  if (!(days >= 1 && days <= MAX_RENEWAL_DAYS)) {
    return problem('parse.badDays', { given: rest, max: MAX_RENEWAL_DAYS, usage: 'renewals' });
  }
  return { kind: 'renewals', days };
}

/** `timeline <account> [30d | 30 days]`: the account, and how far back (default 90 days). */
function parseTimeline(rest: string): ChatCommand {
  const m = /^(.*?)\s+(\d{1,5})\s*(?:d|days?)?$/i.exec(rest);
  const query = (m ? m[1]! : rest).replace(/^["“']|["”']$/g, '').trim();
  if (query === '') {
    return problem('parse.needAccount', { usage: 'timeline' });
  }
  const days = m ? Number(m[2]) : DEFAULT_TIMELINE_DAYS;
  if (!(days >= 1 && days <= MAX_TIMELINE_DAYS)) {
    return problem('parse.badDays', {
      given: m?.[2] ?? '',
      max: MAX_TIMELINE_DAYS,
      usage: 'timeline',
    });
  }
  return { kind: 'timeline', query, days };
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * `stats [me|team|<person>] [period]`, in any order. A person is an e-mail address; Slack
 * turns a mention into one before the text gets here, and a mention it could not resolve
 * arrives as `<@U…>` and is refused with a reason.
 */
function parseStats(rest: string): ChatCommand {
  let who: StatsWho = { kind: 'team' };
  let period: PeriodName = DEFAULT_PERIOD;
  for (const word of rest.split(' ').filter(Boolean)) {
    const lower = statsWord(word.toLowerCase());
    if (isPeriodName(lower)) period = lower;
    else if (lower === 'me' || lower === 'mine') who = { kind: 'me' };
    else if (lower === 'team' || lower === 'all') who = { kind: 'team' };
    else if (EMAIL.test(lower.replace(/^mailto:/, ''))) {
      who = { kind: 'person', email: lower.replace(/^mailto:/, '') };
    } else if (/^<@[A-Z0-9]+(\|[^>]*)?>$/i.test(word)) {
      return problem('parse.statsNoEmail', { who: word });
    } else {
      return problem('parse.statsWord', { word, usage: 'stats', periods: PERIOD_NAMES.join('|') });
    }
  }
  return { kind: 'stats', who, period };
}

// Chinese words for /stats: 团队 30天, 我 本季度.
const ZH_STATS: Record<string, string> = {
  我: 'me',
  我的: 'me',
  团队: 'team',
  全部: 'all',
  所有: 'all',
  本季度: 'quarter',
  季度: 'quarter',
};

function statsWord(word: string): string {
  if (ZH_STATS[word]) return ZH_STATS[word];
  const days = /^(\d{1,3})(天|日)(内|以内)?$/.exec(digitsForNumberWords(word));
  return days ? `${days[1]}d` : word;
}

function parseCs(rest: string): ChatCommand {
  const space = rest.indexOf(' ');
  const action = (space < 0 ? rest : rest.slice(0, space)).toLowerCase();
  const args = space < 0 ? '' : rest.slice(space + 1).trim();
  if (action === '' || action === 'help') return { kind: 'help' };
  if ((CS_ACTIONS as readonly string[]).includes(action)) {
    return { kind: 'cs', action: action as CsAction, args };
  }
  return problem('parse.unknownCs', { action });
}

const DUE_WORDS = [' by ', ' due ', ' before ', ' until '];
// Tails that are a date without a "by": "in 3 days", "2026-12-01", "tomorrow", "next week".
const BARE_TAIL =
  / (in (?:\d{1,3}|a|an|one|two|three) (?:days?|weeks?|months?)|\d{4}-\d{2}-\d{2}|today|tomorrow|yesterday|next week|end of week|eow|end of month|eom)$/i;

/** Takes a due date off the end of the text; "call them by phone" keeps its "by". */
function extractDue(body: string, today: string): { body: string; due: string | null } {
  const lower = body.toLowerCase();
  for (const word of DUE_WORDS) {
    const i = lower.lastIndexOf(word);
    if (i <= 0) continue;
    const due = parseDueDate(body.slice(i + word.length), today);
    if (due) return { body: body.slice(0, i).trim(), due };
  }
  // A Chinese date is its own word anywhere after the account: 周五前, 明天, 下周, 3天后.
  const words = body.split(' ');
  for (let i = words.length - 1; i >= 1; i--) {
    const zh = /\p{Script=Han}/u.test(words[i]!) ? parseChineseDue(words[i]!, today) : null;
    if (zh) return { body: words.filter((_, j) => j !== i).join(' '), due: zh };
  }
  const tail = BARE_TAIL.exec(body);
  const due = tail ? parseDueDate(tail[1]!, today) : null;
  if (tail && due) return { body: body.slice(0, tail.index).trim(), due };
  return { body, due: null };
}

function parseFollowUp(rest: string, today: string): ChatCommand {
  const { body, due } = extractDue(rest, today);
  const past = due ? pastDueProblem(due, today) : null;
  if (past) return problem('parse.pastDue', past.params);
  const splits = splitAccount(body);
  if (splits.length === 0) {
    return problem('parse.needAccountAndTodo', { usage: 'followup' });
  }
  return { kind: 'followup', splits, due };
}

/**
 * `"Acme Corp" call CFO` and `Acme Corp: call CFO` say exactly where the account ends.
 * Otherwise every reading with 4…1 leading words as the account, longest first; the caller
 * takes the first one that names an account.
 */
function splitAccount(body: string): FollowUpSplit[] {
  const quoted = /^["“']([^"”']+)["”']\s+(.+)$/.exec(body);
  if (quoted) return [{ account: quoted[1]!.trim(), text: quoted[2]!.trim() }];
  const colon = /^([^:]+?)\s*:\s*(.+)$/.exec(body);
  if (colon) return [{ account: colon[1]!, text: colon[2]! }];
  const words = body.split(' ').filter(Boolean);
  const splits: FollowUpSplit[] = [];
  for (let n = Math.min(MAX_ACCOUNT_WORDS, words.length - 1); n >= 1; n--) {
    splits.push({ account: words.slice(0, n).join(' '), text: words.slice(n).join(' ') });
  }
  return splits;
}
