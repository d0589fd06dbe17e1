import type { Locale, Msg } from '../domain/locale';
import { PERIOD_NAMES } from '../domain/metrics/period';
import type { UsageOf } from '../domain/parse/command';
import { day } from './i18n/format';
import { type MessageKey, t, tm } from './i18n/t';

/** Each command's usage line, in the catalogs (the parser names the command, not the words). */
const USAGE_KEYS: Record<UsageOf, MessageKey> = {
  followup: 'usage.followup',
  renewals: 'usage.renewals',
  note: 'usage.note',
  touch: 'usage.touch',
  timeline: 'usage.timeline',
  plan: 'usage.plan',
  prep: 'usage.prep',
  stats: 'usage.stats',
  play: 'usage.play',
};

const isUsage = (v: unknown): v is UsageOf => typeof v === 'string' && Object.hasOwn(USAGE_KEYS, v);

/**
 * A problem the domain found (the parser's, a past due date) in `locale`. Two parameters are
 * filled here rather than in domain: `usage` names a command whose usage line is quoted, and
 * `dueIso` (with `today`) is a day written the reader's way.
 */
export function problemText(locale: Locale, problem: Msg): string {
  const params: Record<string, string | number> = { ...problem.params };
  if (isUsage(params.usage)) {
    params.usage = t(locale, USAGE_KEYS[params.usage], { periods: PERIOD_NAMES.join('|') });
  }
  if (typeof params.dueIso === 'string') {
    params.day = day(locale, params.dueIso, String(params.today ?? params.dueIso));
  }
  return tm(locale, { key: problem.key, params });
}
