import type { Msg } from './locale';
import type { SubscriptionFilters } from './subscription-filter';

export type SubscribeKind = 'digest' | 'alerts' | 'renewals' | 'metrics';

export interface SubscribeArgs {
  kind: SubscribeKind;
  filters: SubscriptionFilters;
  /** An owner written as a chat mention, to resolve to an e-mail: <@U123> or <@U123|jane>. */
  ownerMention?: string;
  at?: string;
  timeZone?: string;
  weekdaysOnly?: boolean;
  /** `weekly [monday]`: that day (0 = Sunday … 6); `daily`: null; unset: the kind's default. */
  weekday?: number | null;
}

export const WEEKDAY_NAMES = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

/** The metrics digest is weekly, on Mondays, unless told otherwise. */
export const METRICS_DEFAULT_WEEKDAY = 1;

/** `monday`, `Mon`, `mo` → 1; anything else → null. */
export function weekdayNamed(word: string): number | null {
  const w = word.toLowerCase();
  if (w.length < 2) return null;
  const i = WEEKDAY_NAMES.findIndex((name) => name.startsWith(w));
  return i < 0 ? null : i;
}

/** A refusal is a message key and parameters (cards/app word it in the reader's language). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: Msg };

export const refuse = (key: string, params?: Msg['params']): { ok: false; message: Msg } => ({
  ok: false,
  message: params ? { key, params } : { key },
});

const KINDS = ['digest', 'alerts', 'renewals', 'metrics'] as const;
export const SUBSCRIBE_USAGE =
  'cs subscribe digest|alerts|renewals|metrics [segment=… tier=… owner=@… min_arr=…] [at HH:MM] [tz Area/City] [daily|weekdays|weekly monday]';

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `digest segment=enterprise min_arr=50000 at 08:30 tz Europe/Berlin`. */
export function parseSubscribe(args: string): Parsed<SubscribeArgs> {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const kind = words.shift()?.toLowerCase();
  if (!kind || !(KINDS as readonly string[]).includes(kind)) {
    return refuse('parse.subscribeWhat', { usage: SUBSCRIBE_USAGE });
  }
  const out: SubscribeArgs = { kind: kind as SubscribeKind, filters: {} };
  while (words.length > 0) {
    const word = words.shift() as string;
    const lower = word.toLowerCase();
    if (lower === 'at' || lower === 'tz') {
      const value = words.shift();
      if (!value) return refuse('parse.needsValue', { word, usage: SUBSCRIBE_USAGE });
      if (lower === 'at') {
        const m = /^(\d{1,2}):(\d{2})$/.exec(value);
        if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
          return refuse('parse.notTime', { value });
        }
        out.at = `${m[1]?.padStart(2, '0')}:${m[2]}`;
      } else {
        if (!validZone(value)) {
          return refuse('parse.notZone', { value });
        }
        out.timeZone = value;
      }
      continue;
    }
    if (lower === 'daily' || lower === 'weekdays') {
      out.weekdaysOnly = lower === 'weekdays';
      out.weekday = null;
      continue;
    }
    if (lower === 'weekly') {
      // `weekly` alone is Monday; `weekly friday` names the day.
      const day = words[0] === undefined ? null : weekdayNamed(words[0]);
      if (day !== null) words.shift();
      out.weekday = day ?? METRICS_DEFAULT_WEEKDAY;
      out.weekdaysOnly = false;
      continue;
    }
    const eq = word.indexOf('=');
    if (eq <= 0) return refuse('parse.notUnderstood', { word, usage: SUBSCRIBE_USAGE });
    const key = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1);
    if (value === '') return refuse('parse.keyNeedsValue', { key });
    if (key === 'segment') out.filters.segment = value;
    else if (key === 'tier') out.filters.tier = value;
    else if (key === 'min_arr' || key === 'minarr') {
      const n = Number(value.replace(/[,_$]/g, '').replace(/k$/i, '000'));
      if (!Number.isFinite(n) || n < 0) return refuse('parse.notAmount', { value });
      out.filters.minArr = n;
    } else if (key === 'owner') {
      if (value.startsWith('<@') || value.startsWith('@')) out.ownerMention = value;
      else if (/^[^@\s]+@[^@\s]+$/.test(value)) out.filters.owner = value.toLowerCase();
      else return refuse('parse.ownerTakes', { value });
    } else return refuse('parse.unknownFilter', { key, usage: SUBSCRIBE_USAGE });
  }
  return { ok: true, value: out };
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d`, `12h`, `2w`, `30m` (up to a year). */
export function parseDuration(text: string): Parsed<number> {
  const m = /^(\d{1,4})\s*(m|min|h|hours?|d|days?|w|weeks?)$/i.exec(text.trim());
  const unit = m?.[2]?.[0]?.toLowerCase();
  const ms = m && unit ? Number(m[1]) * (UNIT_MS[unit] ?? 0) : 0;
  if (!ms || ms > 366 * 86_400_000) {
    return refuse('parse.notDuration', { text });
  }
  return { ok: true, value: ms };
}

/** The user id in a mention: <@U123|jane> → U123; @jane stays a name to look up. */
export function mentionUserId(mention: string): string | null {
  return /^<@([A-Z0-9]+)(\|[^>]*)?>$/i.exec(mention)?.[1] ?? null;
}
