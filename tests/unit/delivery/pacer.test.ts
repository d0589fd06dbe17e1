import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPacer, type Pace } from '../../../src/delivery/pacer';

/** The platform's side, as the Slack emulator keeps it: a token bucket per channel. */
function platformBucket({ rate, burst }: Pace) {
  let b: { tokens: number; at: number } | null = null;
  return (at: number): boolean => {
    const tokens = Math.min(burst, (b?.tokens ?? burst) + ((at - (b?.at ?? at)) / 1000) * rate);
    b = { tokens: tokens < 1 ? tokens : tokens - 1, at };
    return tokens >= 1;
  };
}

/** One channel's posts, one at a time: each reaches the platform somewhere in its flight. */
async function run(
  pace: Pace,
  posts: { toPlatformMs: number; answerMs: number; thenMs: number }[],
): Promise<{ sentAt: number[]; answeredAt: number[]; limited: number }> {
  let now = 0;
  const pacer = createPacer({
    pace: { slack: pace },
    nowMs: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  });
  const platform = platformBucket(pace);
  const sentAt: number[] = [];
  const answeredAt: number[] = [];
  let limited = 0;
  for (const p of posts) {
    await pacer.wait('slack', 'C1');
    sentAt.push(now);
    if (!platform(now + p.toPlatformMs)) limited++;
    now += p.toPlatformMs + p.answerMs;
    pacer.answered('C1');
    answeredAt.push(now);
    now += p.thenMs;
  }
  return { sentAt, answeredAt, limited };
}

describe('the pacer', () => {
  it('never draws a 429, wherever in its flight the platform counts a post', async () => {
    const post = fc.record({
      toPlatformMs: fc.integer({ min: 0, max: 400 }),
      answerMs: fc.integer({ min: 0, max: 400 }),
      // Bookkeeping between posts, and now and then a quiet spell that refills the bucket.
      thenMs: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 5_000 })),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Pace>(
          { rate: 1, burst: 3 },
          { rate: 0.5, burst: 7 },
          { rate: 1, burst: 1 },
        ),
        fc.array(post, { minLength: 1, maxLength: 40 }),
        async (pace, posts) => {
          expect((await run(pace, posts)).limited).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("uses the burst, then counts a second from the burst's first answer, not from each answer", async () => {
    // Each post flies 100 ms; between answer and the next send there is no delay.
    const posts = Array.from({ length: 8 }, () => ({ toPlatformMs: 50, answerMs: 50, thenMs: 0 }));
    const { sentAt, answeredAt, limited } = await run({ rate: 1, burst: 3 }, posts);
    expect(limited).toBe(0);
    // The burst: one after another, as fast as the answers come.
    expect(sentAt.slice(0, 3)).toEqual([0, 100, 200]);
    // Then one a second from the first answer (plus the pacer's small margin), each flight
    // lost once in all, not once per message.
    const first = answeredAt[0] as number;
    for (let k = 3; k < 8; k++) {
      expect(sentAt[k]).toBeGreaterThanOrEqual(first + (k - 2) * 1000);
      expect(sentAt[k]).toBeLessThanOrEqual(first + (k - 2) * 1000 + 10);
    }
  });
});
