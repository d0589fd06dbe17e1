import { z } from 'zod';

/**
 * The account timeline: what happened on an account, newest first. Touchpoints are logged by
 * people; the rest is read from the account's record (alerts, notes, follow-ups, loops,
 * renewal events, health band changes).
 */
export const TOUCH_KINDS = ['call', 'meeting', 'email', 'demo', 'qbr', 'other'] as const;
export type LoggedTouchKind = (typeof TOUCH_KINDS)[number];
/** Stored kinds: the touch kinds, a saved chat message, and a note on an account with no alert. */
export type TouchKind = LoggedTouchKind | 'message' | 'note';

// The first word of `/touch acme call with the CFO` says what kind of touch it was.
const FIRST_WORDS: Record<string, LoggedTouchKind> = {
  call: 'call',
  called: 'call',
  phone: 'call',
  rang: 'call',
  meeting: 'meeting',
  met: 'meeting',
  meet: 'meeting',
  visit: 'meeting',
  lunch: 'meeting',
  email: 'email',
  'e-mail': 'email',
  emailed: 'email',
  'e-mailed': 'email',
  mail: 'email',
  demo: 'demo',
  qbr: 'qbr',
  ebr: 'qbr',
};

/** The kind of a touch from its first word ("call with the CFO" → call); else "other". */
export function touchKindOf(text: string): LoggedTouchKind {
  const first =
    text
      .trim()
      .split(/\s+/)[0]
      ?.toLowerCase()
      .replace(/[.,:;!?]+$/, '') ?? '';
  return FIRST_WORDS[first] ?? 'other';
}

/** The longest touch or logged message Tend keeps (a chat message past it is cut). */
export const MAX_TOUCH_TEXT = 3000;

export type TimelineKind =
  | TouchKind
  | 'alert'
  | 'alert-ack'
  | 'alert-resolved'
  | 'alert-note'
  | 'follow-up'
  | 'follow-up-done'
  | 'loop'
  | 'loop-closed'
  | 'renewal'
  | 'band';

export const TIMELINE_KINDS: readonly TimelineKind[] = [
  ...TOUCH_KINDS,
  'message',
  'note',
  'alert',
  'alert-ack',
  'alert-resolved',
  'alert-note',
  'follow-up',
  'follow-up-done',
  'loop',
  'loop-closed',
  'renewal',
  'band',
];

/** One line of an account's timeline. */
export interface TimelineItem {
  at: Date;
  kind: TimelineKind;
  text: string;
  /** Who did it or wrote it, when known. */
  by: string | null;
  /** A link back (a saved chat message). */
  link: string | null;
  /**
   * What a card words in the reader's language instead of `text` (an alert's summary_args, a
   * renewal event's kind and days, a band change); null where `text` is people's own words.
   */
  args?: unknown;
}

/** How far back `/timeline acme` looks unless told (`/timeline acme 30d`). */
export const DEFAULT_TIMELINE_DAYS = 90;
export const MAX_TIMELINE_DAYS = 3650;
/** Entries a chat answer lists before "and N more". */
export const TIMELINE_SHOWN = 15;

/** Touch cadence per account tier, in days; null = tech-touch (no check-ins expected). */
export const cadenceSchema = z
  .record(
    z.string().min(1).max(100),
    z
      .number()
      .int()
      .min(1, 'config.expect.cadenceMin')
      .max(3650, 'config.expect.cadenceMax')
      .nullable(),
  )
  .default({ platinum: 14, gold: 30, silver: 60, bronze: null });
export type Cadence = z.infer<typeof cadenceSchema>;

/** The tiers with a cadence, lower-cased (tiers match whatever their case), and their days. */
export function cadenceTiers(cadence: Cadence): { tiers: string[]; days: number[] } {
  const tiers: string[] = [];
  const days: number[] = [];
  for (const [tier, d] of Object.entries(cadence)) {
    if (d === null) continue;
    tiers.push(tier.toLowerCase());
    days.push(d);
  }
  return { tiers, days };
}

/** An account whose owner owes it a check-in. */
export interface CheckInDue {
  accountId: number;
  name: string;
  owner: string | null;
  tier: string;
  cadenceDays: number;
  /** The latest touchpoint or logged message; null = none since Tend has known the account. */
  lastTouchAt: Date | null;
  /** Days past the cadence (0 = due today). */
  overdueDays: number;
}
