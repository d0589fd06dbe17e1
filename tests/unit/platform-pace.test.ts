import { describe, expect, it } from 'vitest';
import { takeToken } from '../../src/delivery/backoff';
import { PLATFORM_PACE } from '../../src/delivery/pacer';

/** Sends allowed at once from a full bucket, and the wait before the next one. */
function burstThenWait(platform: string): { burst: number; waitMs: number } {
  const { rate, burst } = PLATFORM_PACE[platform]!;
  let bucket: Parameters<typeof takeToken>[0];
  let sent = 0;
  for (;;) {
    const taken = takeToken(bucket, 0, rate, burst);
    bucket = taken.bucket;
    if (taken.waitMs > 0) return { burst: sent, waitMs: taken.waitMs };
    sent++;
  }
}

describe('delivery pace per platform', () => {
  it('keeps Slack near one message a second per channel, in short bursts', () => {
    expect(burstThenWait('slack')).toEqual({ burst: 3, waitMs: 1000 });
  });

  it('keeps Teams within 1,800 an hour per conversation, bursting up to 7', () => {
    expect(burstThenWait('teams')).toEqual({ burst: 7, waitMs: 2000 });
  });
});
