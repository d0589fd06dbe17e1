import type { Band } from '../domain/health';
import type { Locale } from '../domain/locale';
import { LOOP_OUTCOMES } from '../domain/loops';
import { alertSummary } from './alert-summary';
import { BAND_KEY } from './format';
import { day } from './i18n/format';
import { type MessageKey, t } from './i18n/t';
import { outcomeWordsIn } from './loop-card';

// A timeline entry's text in the reader's language. The store keeps each entry's English text
// (the API exports it) and, where Tend wrote it, the codes and values it came from (`args`,
// store/timeline.ts and store/reviews.ts): those are worded here. An entry without args (older
// review rows, people's own words) reads as stored.

const RENEWAL_KEY: Record<string, MessageKey> = {
  reminder: 'timeline.renewal.reminder',
  renewed: 'timeline.renewal.renewed',
  churned: 'timeline.renewal.churned',
  snoozed: 'timeline.renewal.snoozed',
  plan_started: 'timeline.renewal.planStarted',
};

const isBand = (v: unknown): v is Band => v === 'green' || v === 'yellow' || v === 'red';
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export interface TimelineWordsInput {
  kind: string;
  text: string;
  args?: unknown;
}

/**
 * An entry's text in `locale`; `today` (an ISO day) leaves the year out of days in its year.
 * English reads as the stored text did (ISO days in renewal and follow-up lines).
 */
export function timelineText(locale: Locale, e: TimelineWordsInput, today?: string): string {
  const a =
    typeof e.args === 'object' && e.args !== null ? (e.args as Record<string, unknown>) : null;
  if (e.kind === 'alert' || e.kind === 'alert-ack' || e.kind === 'alert-resolved') {
    return alertSummary(locale, e.text, e.args);
  }
  if (!a) return e.text;
  const dayParams = (iso: string | null) =>
    iso ? { day: day(locale, iso, today), iso } : { day: '?', iso: '?' };
  switch (e.kind) {
    case 'follow-up': {
      const title = str(a.title);
      if (title === null) return e.text;
      const due = str(a.due);
      return due ? t(locale, 'timeline.followUpDue', { title, ...dayParams(due) }) : title;
    }
    case 'follow-up-done':
      return str(a.title) ?? e.text;
    case 'loop-closed': {
      const outcome = LOOP_OUTCOMES.find((o) => o === a.outcome);
      if (!outcome) return e.text;
      const words = outcomeWordsIn(locale, outcome);
      const note = str(a.note);
      return note ? t(locale, 'timeline.withNote', { what: words, text: note }) : words;
    }
    case 'renewal': {
      const key = RENEWAL_KEY[str(a.event) ?? ''];
      if (!key) return e.text;
      const at = a.event === 'renewed' ? str(a.next) : str(a.renewal);
      const days = typeof a.window === 'number' ? a.window : '?';
      return t(locale, key, { ...dayParams(at), days });
    }
    case 'band':
      if (!isBand(a.from) || !isBand(a.to)) return e.text;
      return t(locale, 'timeline.band', {
        from: t(locale, BAND_KEY[a.from]),
        to: t(locale, BAND_KEY[a.to]),
        score: typeof a.score === 'number' ? String(a.score) : '—',
      });
    default:
      return e.text;
  }
}
