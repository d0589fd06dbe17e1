import { describe, expect, it } from 'vitest';
import { takeToken } from '../../src/delivery/backoff';
import { createPacer, PLATFORM_PACE } from '../../src/delivery/pacer';

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

describe('the pacer refills from the answer', () => {
  it('never sends the next message less than a second after the last one was answered', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = createPacer({
      pace: { slack: { rate: 1, burst: 1 } },
      nowMs: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    await pacer.wait('slack', 'C1'); // the first goes at once
    // Slack answers 400 ms later: it may have counted the post as late as that.
    now += 400;
    pacer.answered('C1');
    await pacer.wait('slack', 'C1');
    const sentNext = now;
    // At least a second after the answer (1,400 ms), not after the send (1,000 ms).
    expect(sentNext).toBeGreaterThanOrEqual(1400);
    expect(waits).toHaveLength(1);
  });
});
