import { AsyncLocalStorage } from 'node:async_hooks';
import { t } from '../cards/i18n/t';
import { noticeCard } from '../cards/notice-card';
import { ping } from '../db/database';
import type { Locale } from '../domain/locale';
import { withTimeout } from '../with-timeout';
import type { ChatReply } from './chat-reply';
import type { AppContext } from './context';

/**
 * What a command's work is waiting on right now: calls to the chat platform (a profile
 * look-up, a channel check) are counted while in flight. When the late answer's bound runs
 * out, this says which part was slow instead of blaming the database for everything. Kept in
 * async context, so a platform call deep in a use case counts without being handed a tracker.
 */
export interface Waiting {
  /** Calls to the chat platform in flight. */
  platformCalls: number;
}

const current = new AsyncLocalStorage<Waiting>();

/** Runs a command's work with its own tracker; platform calls made inside it count there. */
export function trackWaiting<T>(work: () => Promise<T>): { waiting: Waiting; done: Promise<T> } {
  const waiting: Waiting = { platformCalls: 0 };
  return { waiting, done: current.run(waiting, work) };
}

/** Counts `call` as a chat platform call in flight (for the command running it, if any). */
export async function platformCall<T>(call: () => Promise<T>): Promise<T> {
  const waiting = current.getStore();
  if (!waiting) return call();
  waiting.platformCalls++;
  try {
    return await call();
  } finally {
    waiting.platformCalls--;
  }
}

/** How long the late answer waits for the database to answer a trivial query. */
export const PROBE_MS = 1_000;

export type SlowPart = 'platform' | 'database' | 'other';

export const platformSlowText = (platform: string, locale: Locale = 'en') =>
  t(locale, 'error.platformSlow', { platform });

export const OTHER_SLOW_TEXT = t('en', 'error.otherSlow');

/**
 * Which part made the work miss its bound: the chat platform when a call to it is still in
 * flight; otherwise the database if it does not answer `select 1` within PROBE_MS; otherwise
 * something else (a slow query, a slow external service), said as such.
 */
export async function slowPart(ctx: AppContext, waiting: Waiting): Promise<SlowPart> {
  if (waiting.platformCalls > 0) return 'platform';
  const answers = await withTimeout(ping(ctx.db), PROBE_MS, 'the database').catch(() => false);
  return answers ? 'other' : 'database';
}

/** The answer in place of "Working on it" when the work missed the late bound. */
export function lateReply(part: SlowPart, platform: string, locale: Locale = 'en'): ChatReply {
  const text =
    part === 'platform'
      ? platformSlowText(platform, locale)
      : t(locale, part === 'database' ? 'error.unavailable' : 'error.otherSlow');
  return {
    visibility: 'ephemeral',
    card: noticeCard(t(locale, 'error.unavailableTitle'), text, locale),
  };
}
