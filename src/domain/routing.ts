import { z } from 'zod';
import type { Msg } from './locale';
import { type Parsed, refuse } from './subscription-command';

// Personal alert routing (issue 13 point 3), pure: the words of `/cs alerts`, `/cs hours` and
// `/cs quiet`, and when a person is away (quiet hours, or outside working hours).

export const DELIVERIES = ['dm', 'channel', 'both'] as const;
export type Delivery = (typeof DELIVERIES)[number];
export const SCOPES = ['mine', 'team', 'all'] as const;
export type AlertScope = (typeof SCOPES)[number];

/** What narrows the alerts a person gets by DM; every field optional, all must match. */
export const routingFiltersSchema = z
  .object({
    segment: z.string().min(1).max(100).optional(),
    tier: z.string().min(1).max(100).optional(),
    minArr: z.number().min(0).optional(),
    /** Rule names (band_drop, detractor, …): only alerts of these rules. */
    rules: z.array(z.string().min(1).max(40)).max(20).optional(),
  })
  .strict();
export type RoutingFilters = z.infer<typeof routingFiltersSchema>;

export function parseRoutingFilters(value: unknown): RoutingFilters {
  const parsed = routingFiltersSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : {};
}

/** A daily range of local minutes [start, end); end < start wraps midnight (20:00-08:00). */
export interface DailyRange {
  start: number;
  end: number;
}

export interface Routing {
  delivery: Delivery;
  scope: AlertScope;
  filters: RoutingFilters;
  work: DailyRange | null;
  quiet: DailyRange | null;
}

/** No choice made: the owner's own accounts, by DM and in the account's channel (as before). */
export const DEFAULT_ROUTING: Routing = {
  delivery: 'both',
  scope: 'mine',
  filters: {},
  work: null,
  quiet: null,
};

export const ALERTS_USAGE =
  'cs alerts [dm|channel|both] [mine|team|all] [segment=… tier=… min_arr=… rules=detractor,inactivity] (cs alerts reset: the defaults)';
export const HOURS_USAGE = 'cs hours 09:00-18:00 (cs hours off: any time)';
export const QUIET_USAGE = 'cs quiet 20:00-08:00 (cs quiet off: never quiet)';

export interface AlertsChange {
  delivery?: Delivery;
  scope?: AlertScope;
  /** Present when the words set filters: these replace the old ones. */
  filters?: RoutingFilters;
  reset?: boolean;
}

/**
 * `cs alerts dm`, `cs alerts scope team segment=enterprise min_arr=50k rules=detractor`: words in
 * any order; "scope" before mine|team|all is optional. `filters none` clears the filters.
 */
export function parseAlertsChange(
  args: string,
  ruleNames: readonly string[],
): Parsed<AlertsChange> {
  const words = args.trim().split(/\s+/).filter(Boolean);
  const out: AlertsChange = {};
  let filters: RoutingFilters | undefined;
  for (const word of words) {
    const lower = word.toLowerCase();
    if (lower === 'reset') {
      out.reset = true;
      continue;
    }
    if (lower === 'scope' || lower === 'to' || lower === 'filters') continue;
    if (lower === 'none' || lower === 'clear') {
      filters = {};
      continue;
    }
    if ((DELIVERIES as readonly string[]).includes(lower)) {
      out.delivery = lower as Delivery;
      continue;
    }
    if ((SCOPES as readonly string[]).includes(lower) || lower === 'my-team') {
      out.scope = (lower === 'my-team' ? 'team' : lower) as AlertScope;
      continue;
    }
    const eq = word.indexOf('=');
    if (eq <= 0) return refuse('parse.notUnderstood', { word, usage: ALERTS_USAGE });
    const key = word.slice(0, eq).toLowerCase().replace(/-/g, '_');
    const value = word.slice(eq + 1);
    if (value === '') return refuse('parse.keyNeedsValue', { key });
    filters ??= {};
    if (key === 'segment') filters.segment = value;
    else if (key === 'tier') filters.tier = value;
    else if (key === 'min_arr' || key === 'minarr') {
      const n = Number(value.replace(/[,_$]/g, '').replace(/k$/i, '000'));
      if (!Number.isFinite(n) || n < 0) return refuse('parse.notAmount', { value });
      filters.minArr = n;
    } else if (key === 'rules' || key === 'rule') {
      const rules = value.toLowerCase().split(',').filter(Boolean);
      const unknown = rules.filter((r) => !ruleNames.includes(r));
      if (unknown.length > 0) {
        return refuse(unknown.length > 1 ? 'parse.unknownRules' : 'parse.unknownRule', {
          rules: unknown.join(', '),
          known: ruleNames.join(', '),
        });
      }
      filters.rules = [...new Set(rules)];
    } else {
      return refuse('parse.unknownFilter', { key, usage: ALERTS_USAGE });
    }
  }
  if (filters) out.filters = filters;
  return { ok: true, value: out };
}

const TIME = /^(\d{1,2})(?::(\d{2}))?$/;

function minuteOf(text: string): number | null {
  const m = TIME.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return (h * 60 + min) % 1440;
}

/** `09:00-18:00`, `9-18`, `20:00-08:00` (wraps midnight); `off` clears it (null). */
export function parseDailyRange(text: string): Parsed<DailyRange | null> {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (t === 'off' || t === 'none' || t === 'clear') return { ok: true, value: null };
  const [a, b, ...rest] = t.split(/-|–|to/);
  const start = a === undefined ? null : minuteOf(a);
  const end = b === undefined ? null : minuteOf(b);
  if (start === null || end === null || rest.length > 0) {
    return refuse('parse.notRange', { text: text.trim() });
  }
  if (start === end) return refuse('parse.sameRange');
  return { ok: true, value: { start, end } };
}

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export function formatRange(r: DailyRange): string {
  return `${hhmm(r.start)}-${hhmm(r.end)}`;
}

/** Stored as 'HH:MM-HH:MM'; anything unreadable is treated as not set. */
export function readRange(stored: string | null): DailyRange | null {
  if (!stored) return null;
  const parsed = parseDailyRange(stored);
  return parsed.ok ? parsed.value : null;
}

function inRange(minute: number, r: DailyRange): boolean {
  return r.start < r.end
    ? minute >= r.start && minute < r.end
    : minute >= r.start || minute < r.end;
}

/** Away: inside quiet hours, or outside working hours (when set). */
export function isAway(minute: number, routing: Pick<Routing, 'work' | 'quiet'>): boolean {
  if (routing.quiet && inRange(minute, routing.quiet)) return true;
  if (routing.work && !inRange(minute, routing.work)) return true;
  return false;
}

/**
 * Minutes from `minute` (local minute of the day) until the person is no longer away; null when
 * they are not away now. The end is always a quiet end or a working start, so it is tried in
 * order of distance; hours that leave no time at all (working hours inside quiet hours) end at
 * the quiet end, so a catch-up still comes once a day.
 */
export function minutesUntilBack(
  minute: number,
  routing: Pick<Routing, 'work' | 'quiet'>,
): number | null {
  if (!isAway(minute, routing)) return null;
  const boundaries = [routing.quiet?.end, routing.work?.start].filter(
    (b): b is number => b !== undefined,
  );
  const ahead = boundaries
    .map((b) => (((b - minute) % 1440) + 1440) % 1440 || 1440)
    .sort((x, y) => x - y);
  for (const d of ahead) if (!isAway((minute + d) % 1440, routing)) return d;
  return ahead[0] ?? 1440;
}

/** The settings as message keys, one line each (the reader's catalog words them). */
export function describeRouting(r: Routing): Msg[] {
  const range = (x: DailyRange | null | undefined) =>
    x ? { set: 'yes', range: formatRange(x) } : { set: 'no', range: '' };
  return [
    { key: 'routing.summary.alerts', params: { delivery: r.delivery } },
    {
      key: 'routing.summary.scope',
      params: { scope: r.scope, filters: describeRoutingFilters(r.filters) },
    },
    { key: 'routing.summary.work', params: range(r.work) },
    { key: 'routing.summary.quiet', params: range(r.quiet) },
  ];
}

export function describeRoutingFilters(f: RoutingFilters): string {
  const parts = [
    f.segment && `segment=${f.segment}`,
    f.tier && `tier=${f.tier}`,
    f.minArr !== undefined && `min_arr=${f.minArr}`,
    f.rules && f.rules.length > 0 && `rules=${f.rules.join(',')}`,
  ].filter(Boolean);
  return parts.length === 0 ? '' : ` (${parts.join(' ')})`;
}
