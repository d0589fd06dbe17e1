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
  /** Waits until one more message may go to the channel. */
  wait(platform: string, key: string): Promise<void>;
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
}

export function createPacer(o: {
  pace?: Record<string, Pace>;
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
}): Pacer {
  const channels = new Map<string, Paced>();

  const take = (key: string, pace: Pace): number => {
    const now = o.nowMs();
    const { waitMs, bucket } = takeToken(channels.get(key)?.bucket, now, pace.rate, pace.burst);
    if (waitMs > 0) return waitMs;
    channels.set(key, { bucket, pace, sentAt: now, left: bucket.tokens });
    return 0;
  };

  const sweep = () => {
    const now = o.nowMs();
    for (const [key, c] of channels) {
      const full = c.bucket.tokens + ((now - c.bucket.at) / 1000) * c.pace.rate >= c.pace.burst;
      if (full) channels.delete(key);
    }
  };

  return {
    async wait(platform, key) {
      if (channels.size > SWEEP_AT) sweep();
      const pace = o.pace?.[platform] ?? PLATFORM_PACE[platform] ?? DEFAULT_PACE;
      const waitMs = take(key, pace);
      if (waitMs === 0) return;
      await o.sleep(waitMs + PACE_MARGIN_MS);
      // Taken again at the real time: a timer that fires late leaves the difference in the
      // bucket for the next message instead of pushing the whole schedule back. A sleep that
      // came back early (a test's, or a 429's hold met meanwhile) goes now, counted from now.
      if (take(key, pace) > 0) {
        const now = o.nowMs();
        channels.set(key, { bucket: { tokens: 0, at: now }, pace, sentAt: now, left: 0 });
      }
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
      channels.set(key, { bucket, pace, sentAt: bucket.at, left: 0 });
    },
  };
}
