import type { Clock } from '../clock';
import type { DB } from '../db/schema';
import type { OutboxRow } from '../db/tables/operations';
import type { Logger } from '../log';
import { markFailed, markRetry, markSentMany } from '../store/outbox';
import { retryDelayMs } from './backoff';
import { groupCommit } from './group-commit';
import { type CardPayload, parsePayload } from './message';
import { createPacer, type Pace } from './pacer';
import {
  createPlatformCall,
  keyOf,
  LookUpFailed,
  NotMarked,
  Stopped,
  Taken,
} from './platform-call';
import { createSendGate, type SendGate } from './send-gate';
import { asDeliveryError, type Senders } from './sender';

/** What became of one message: go on with the channel, stop it for now, or the worker stops. */
export type Outcome = 'next' | 'halt' | 'stopped';

export interface DeliveryDeps {
  db: DB;
  clock: Clock;
  log: Logger;
  senders: Senders;
  /** The lease holder's name: a post goes only while this owner holds its channel. */
  owner: string;
  sendTimeoutMs: number;
  retryBudgetMs: number;
  pace?: Record<string, Pace>;
  random: () => number;
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
  stopping: () => boolean;
  /** Bounds this worker's platform calls in flight and orders them by rank (send-gate.ts). */
  gate?: SendGate;
}

/**
 * Recording sends: one statement at a time, each taking the records of 20 ms more. A record is
 * off the post's path (the channel's next post waits for its pace, ~1 s at Slack's, not for
 * it), and a crash before it is written is what the sending mark is for: the next holder finds
 * the post and records it. Written as they came, the records went in batches of ~6 and were
 * half the statements a message costs; each statement costs Postgres about a millisecond of CPU
 * whatever its size, CPU the replicas' posts then waited for (see the README's delivery round
 * of 7 December, session 2).
 */
const RECORDING = { maxBatch: 500, maxInFlight: 1, lingerMs: 20 };

/**
 * Platform calls under way at once in one worker, when the caller does not give a gate. A
 * slot is held for the sending mark and the call (a few ms to a stand-in, ~150 ms to Slack):
 * 400 channels at Slack's 1 a second need about 60 at that latency; twice that covers bursts
 * and a busy database, and is still far fewer than the hundreds of calls (each its own
 * connection) a full claim put in flight at once without it.
 */
export const SEND_SLOTS = 128;

/** How long a post whose outcome is unknown is left to land before the look-up for it. */
export const UNKNOWN_SETTLE_MS = 10_000;

/**
 * One message of a leased channel, from its payload to its outcome: the look-up when an
 * earlier try's outcome is unknown, the paced and timed platform call, the bookkeeping around
 * it (written in batches across channels), and what a failure means for the row.
 */
export function createDelivery(d: DeliveryDeps) {
  const pacer = createPacer({
    ...(d.pace ? { pace: d.pace } : {}),
    nowMs: d.nowMs,
    sleep: d.sleep,
  });
  const gate = d.gate ?? createSendGate(SEND_SLOTS);
  // Per channel: when the failing began for the last message that gave up on the budget.
  const gaveUp = new Map<string, Date>();
  const writeSent = groupCommit(
    (sent: { id: number; messageRef: string }[]) => markSentMany(d.db, sent, d.clock.now()),
    RECORDING,
  );

  /**
   * Records a send that happened. It is retried until the database takes it, because a
   * failure here must never become a second send; while stopping it gives up after a few
   * tries and says which message may go twice.
   */
  async function recordSent(row: OutboxRow, ref: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await writeSent({ id: row.id, messageRef: ref });
        gaveUp.delete(keyOf(row));
        return;
      } catch (error) {
        if (d.stopping() && attempt >= 5) {
          d.log.error(
            { err: error, id: row.id },
            'a sent message could not be recorded; another replica may send it again',
          );
          throw error;
        }
        if (attempt === 1) {
          d.log.warn({ err: error, id: row.id }, 'recording a sent message failed; retrying');
        }
        await d.sleep(Math.min(5_000, 100 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  const { send } = createPlatformCall({ ...d, pacer, gate });

  /**
   * `unknownBefore`: an earlier try's outcome is still unknown, whatever this one says.
   * `posting`: this try was a post or reply (an update twice is harmless; a post, not).
   */
  async function onFailure(
    row: OutboxRow,
    raw: unknown,
    { unknownBefore = false, posting = false } = {},
  ): Promise<Outcome> {
    const error = asDeliveryError(raw);
    const maybeSent = unknownBefore || error.maybeSent;
    const reason = `${error.kind}: ${error.message}`;
    const now = d.clock.now();
    if (error.kind === 'permanent') {
      await markFailed(d.db, row.id, `${reason} (after ${row.attempts + 1} tries)`);
      d.log.warn({ id: row.id, reason }, 'outbox message failed');
      // Only this message is lost to the channel: the ones behind it go on.
      return 'next';
    }
    if (error.kind === 'rate_limited') {
      // A 429 is the platform pacing us: wait what it asks, and do not spend the budget.
      const delay = retryDelayMs(row.attempts + 1, error.retryAfterMs, d.random());
      await markRetry(d.db, row.id, {
        at: new Date(now.getTime() + delay),
        error: reason,
        failingSince: row.failing_since,
        maybeSent,
      });
      pacer.hold(keyOf(row), delay);
      return 'halt';
    }
    // A message stuck behind a head that gave up has waited through the same outage: it
    // counts from when that began (or from when it joined the queue, if later), so a long
    // outage does not cost one more budget per message in the channel.
    const behind = gaveUp.get(keyOf(row));
    const since =
      row.failing_since ??
      (behind ? new Date(Math.max(behind.getTime(), row.ready_at.getTime())) : now);
    if (now.getTime() - since.getTime() >= d.retryBudgetMs) {
      gaveUp.set(keyOf(row), since);
      const hours = Math.round((d.retryBudgetMs / 3_600_000) * 10) / 10;
      await markFailed(
        d.db,
        row.id,
        `${reason} (gave up after ${hours} h of failed tries, ${row.attempts + 1} tries)`,
      );
      d.log.warn({ id: row.id, reason }, 'outbox message gave up');
      return 'next';
    }
    // A post that may still land (a timeout, a dropped connection) is looked for only after
    // it could have: looking sooner finds nothing, and the post would go twice.
    const backoff = retryDelayMs(row.attempts + 1, undefined, d.random());
    const delay = posting && error.maybeSent ? Math.max(backoff, UNKNOWN_SETTLE_MS) : backoff;
    d.log.debug({ id: row.id, reason, maybeSent, delay }, 'outbox send failed; retrying');
    await markRetry(d.db, row.id, {
      at: new Date(now.getTime() + delay),
      error: reason,
      failingSince: since,
      maybeSent,
    });
    // The head waits, and so does everything behind it: a channel's messages stay in order.
    return 'halt';
  }

  /**
   * Sends one message of a channel this worker holds; says whether the channel goes on.
   * `behind`: messages known to wait behind it in the channel, for the pacer's spreading.
   * `marked`: the channel's sending mark names this row (read with the lease): an earlier try
   * was under way then, and may have posted.
   */
  async function deliver(row: OutboxRow, behind = 0, marked: Date | null = null): Promise<Outcome> {
    let payload: CardPayload;
    try {
      payload = parsePayload(row.payload);
    } catch (error) {
      // A stored payload that does not parse will not parse on the next try either.
      const why = error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 300) : '';
      await markFailed(d.db, row.id, `permanent: malformed payload: ${why}`);
      d.log.warn({ id: row.id }, 'outbox message has a malformed payload');
      return 'next';
    }
    // The mark on the lease row, or one a replica of the previous version left on the row
    // itself (a rolling upgrade): the earlier of the two, for the wider look.
    const since = [row.sending_since, marked]
      .filter((t): t is Date => t !== null)
      .reduce<Date | null>((a, t) => (a === null || t < a ? t : a), null);
    let sent: { ref: string; found?: true };
    try {
      sent = await send(row, payload, behind, payload.op === 'update' ? null : since);
    } catch (error) {
      if (error instanceof Stopped) return 'stopped';
      if (error instanceof LookUpFailed)
        return onFailure(row, error.error, { unknownBefore: true });
      if (error instanceof NotMarked) {
        d.log.warn({ err: error.error, id: row.id }, 'marking an outbox message as sending failed');
        return 'halt';
      }
      if (error instanceof Taken) {
        d.log.warn({ id: row.id }, 'outbox lease ran out before a post; channel handed on');
        return 'halt';
      }
      return onFailure(row, error, { posting: payload.op !== 'update' });
    }
    await recordSent(row, sent.ref);
    return 'next';
  }

  return { deliver, pacing: () => pacer.size };
}
