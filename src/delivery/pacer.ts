import { type Bucket, takeToken } from './backoff';

export interface Pace {
  /** Messages per second per channel. */
  rate: number;
  burst: number;
}

export const DEFAULT_PACE: Pace = { rate: 1, burst: 3 };
/**
 * Each platform's own per-conversation limit: Slack about 1 message a second in short bursts;
 * Teams 1,800 an hour (0.5 a second sustained) with bursts of up to 7 a second.
 */
export const PLATFORM_PACE: Record<string, Pace> = {
  slack: DEFAULT_PACE,
  teams: { rate: 0.5, burst: 7 },
};
/** Past a wait, a little later than the bucket says: timers and float sums are not exact. */
const PACE_MARGIN_MS = 5;
/** Buckets kept before the full ones (idle channels, same as new) are dropped. */
const SWEEP_AT = 10_000;

/**
 * One token bucket per channel key, in this worker: the platform's rate, kept on our side.
 *
 * The bucket is a lower bound of the platform's own. The platform counts a post somewhere
 * between our sending it and its answer, and we do not know where; posts to one channel go
 * one at a time. So after an answer the bucket holds the smaller of two bounds: what it held
 * at the send, refilled since then (right whenever the platform's bucket was not full), and
 * one less than full, refilled from the answer (right when it was full: a full bucket drops
 * what it would gain in the meantime). A post's flight then costs a channel's schedule once,
 * at the start of a burst, rather than once per message.
 */
export interface Pacer {
  /**
   * Waits until one more message may go to the channel, without taking its token (`take`
   * does, right before the post). `behind`: messages known to wait behind this one in the
   * channel, for the spreading (see createPacer). Resolves with the message's deadline (a
   * `nowMs` time): when the channel's bucket would be full if it does not go, and refill
   * wasted from then on. A channel not posted to yet is full already: -Infinity.
   */
  ready(platform: string, key: string, behind?: number): Promise<number>;
  /** Takes the token `ready` waited for: call it right before the post leaves. */
  take(key: string): void;
  /**
   * `ready` was not followed by `take`: no post went (the look-up found the earlier one, the
   * sending mark failed, the worker stops). The channel's bucket may be swept again; a no-op
   * after `take`.
   */
  forgo(key: string): void;
  /** Channels with a bucket kept, and those between `ready` and `take` (or `forgo`). */
  readonly size: { channels: number; asked: number };
  /** `ready`, then `take` at once. */
  wait(platform: string, key: string, behind?: number): Promise<void>;
  /**
   * After a post: its answer came back ('answered', also for an error the platform sent), or
   * the call ended without one ('unknown': timed out, connection dropped), when the post may
   * still reach the platform later and nothing is credited for its flight.
   */
  answered(key: string, outcome?: 'answered' | 'unknown'): void;
  /** After a 429: nothing more to the channel for `delayMs`. */
  hold(key: string, delayMs: number): void;
}

interface Paced {
  bucket: Bucket;
  pace: Pace;
  /** When the last token was taken, and what was left: the bound "since the send". */
  sentAt: number;
  left: number;
  /** The spreading: the next message waits until then (see createPacer). */
  nextAt: number;
  /** What `ready` last heard: how many wait behind the message. */
  behind: number;
  /** Between `ready` and `take`: not swept, though its bucket is full. */
  asked: boolean;
}

/**
 * Spreading: a channel with more queued than its burst ends at the same moment whether it
 * spends its burst at once or little by little (the last message waits for the refill either
 * way), as long as its bucket never sits full. Spent at once, every channel that starts
 * together puts three posts on the wire at its start: a thousand channels' bursts then compete
 * with the first posts of channels not yet started, and each channel's end is its first post
 * plus its paced span. So after each post the next waits for its share of the time left: the
 * messages known to be queued, spaced evenly up to the earliest moment the last can go. That
 * is never earlier than the bucket allows, and the bucket only drains from there (never full):
 * nothing is wasted.
 */
export function createPacer(o: {
  pace?: Record<string, Pace>;
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
}): Pacer {
  const channels = new Map<string, Paced>();

  /** Tokens in the channel's bucket now (a fresh channel's is full). */
  const tokensAt = (c: Paced | undefined, now: number, pace: Pace): number =>
    c
      ? Math.min(pace.burst, c.bucket.tokens + ((now - c.bucket.at) / 1000) * pace.rate)
      : pace.burst;

  /** How long until the message may go: a token, and its turn in the spreading. */
  const waitFor = (c: Paced | undefined, now: number, pace: Pace): number => {
    const tokens = tokensAt(c, now, pace);
    const forToken = tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / pace.rate) * 1000);
    // A bucket held by a 429 counts from the hold's end (its `at` is in the future).
    const held = c && c.bucket.at > now ? c.bucket.at - now : 0;
    const spread = c ? Math.max(0, c.nextAt - now) : 0;
    return Math.max(forToken, held, spread);
  };

  const takeNow = (key: string) => {
    const now = o.nowMs();
    const c = channels.get(key);
    const pace = c?.pace ?? DEFAULT_PACE;
    const behind = c?.behind ?? 0;
    const { waitMs, bucket } = takeToken(c?.bucket, now, pace.rate, pace.burst);
    // `ready` saw a token: none here means a 429's hold came meanwhile; the post goes now
    // (the caller decided), counted from now.
    const b = waitMs > 0 ? { tokens: 0, at: now } : bucket;
    // The time left until the last known message may go, shared evenly among them.
    const span = behind > b.tokens ? ((behind - b.tokens) / pace.rate) * 1000 : 0;
    const nextAt = behind > 0 ? now + span / behind : now;
    channels.set(key, {
      bucket: b,
      pace,
      sentAt: now,
      left: b.tokens,
      nextAt,
      behind: 0,
      asked: false,
    });
  };

  const sweep = () => {
    const now = o.nowMs();
    for (const [key, c] of channels) {
      const full = c.bucket.tokens + ((now - c.bucket.at) / 1000) * c.pace.rate >= c.pace.burst;
      if (full && !c.asked) channels.delete(key);
    }
  };

  return {
    async ready(platform, key, behind = 0) {
      if (channels.size > SWEEP_AT) sweep();
      const pace = o.pace?.[platform] ?? PLATFORM_PACE[platform] ?? DEFAULT_PACE;
      const waitMs = waitFor(channels.get(key), o.nowMs(), pace);
      // One sleep: a timer that fires late leaves the difference in the bucket for the next
      // message; a sleep that came back early (a test's, or a 429's hold met meanwhile) goes
      // now, and `take` counts it from then.
      if (waitMs > 0) await o.sleep(waitMs + PACE_MARGIN_MS);
      const c = channels.get(key);
      if (c) {
        c.behind = behind;
        c.pace = pace;
        c.asked = true;
        return c.bucket.at + ((pace.burst - c.bucket.tokens) / pace.rate) * 1000;
      }
      // Not posted to yet (or full long enough to be swept): the pace is kept for `take`.
      channels.set(key, {
        bucket: { tokens: pace.burst, at: o.nowMs() },
        pace,
        sentAt: o.nowMs(),
        left: pace.burst,
        nextAt: 0,
        behind,
        asked: true,
      });
      return Number.NEGATIVE_INFINITY;
    },
    take: takeNow,
    forgo(key) {
      const c = channels.get(key);
      if (c) c.asked = false;
    },
    get size() {
      let asked = 0;
      for (const c of channels.values()) if (c.asked) asked++;
      return { channels: channels.size, asked };
    },
    async wait(platform, key, behind = 0) {
      await this.ready(platform, key, behind);
      takeNow(key);
    },
    answered(key, outcome = 'answered') {
      const c = channels.get(key);
      if (!c) return;
      const now = o.nowMs();
      if (now <= c.bucket.at) return;
      const { rate, burst } = c.pace;
      const sinceSend = c.left + ((now - c.sentAt) / 1000) * rate;
      const tokens = outcome === 'answered' ? Math.min(burst - 1, sinceSend) : c.left;
      c.bucket = { tokens, at: now };
    },
    hold(key, delayMs) {
      const c = channels.get(key);
      const pace = c?.pace ?? DEFAULT_PACE;
      const bucket = { tokens: 0, at: o.nowMs() + delayMs };
      channels.set(key, {
        bucket,
        pace,
        sentAt: bucket.at,
        left: 0,
        nextAt: 0,
        behind: 0,
        asked: false,
      });
    },
  };
}
