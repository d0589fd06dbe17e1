import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPacer, type Pace } from '../../../src/delivery/pacer';
import { virtualPacer } from '../../helpers/virtual-pacer';

/** The platform's side, as the Slack emulator keeps it: a token bucket per channel. */
function platformBucket({ rate, burst }: Pace) {
  let b: { tokens: number; at: number } | null = null;
  return (at: number): boolean => {
    const tokens = Math.min(burst, (b?.tokens ?? burst) + ((at - (b?.at ?? at)) / 1000) * rate);
    b = { tokens: tokens < 1 ? tokens : tokens - 1, at };
    return tokens >= 1;
  };
}

/**
 * One channel's posts, one at a time: each reaches the platform somewhere in its flight.
 * `gapMs`: between the pacer's ready and the token's take (a wait for a send slot);
 * `behind`: what the worker says is queued behind it.
 */
async function run(
  pace: Pace,
  posts: { toPlatformMs: number; answerMs: number; thenMs: number; gapMs?: number }[],
  o: { spread?: boolean } = {},
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
  for (const [i, p] of posts.entries()) {
    await pacer.ready('slack', 'C1', o.spread ? posts.length - i - 1 : 0);
    now += p.gapMs ?? 0;
    pacer.take('C1');
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
  it('never draws a 429, wherever in its flight the platform counts a post, spread or not', async () => {
    const post = fc.record({
      toPlatformMs: fc.integer({ min: 0, max: 400 }),
      answerMs: fc.integer({ min: 0, max: 400 }),
      // Bookkeeping between posts, and now and then a quiet spell that refills the bucket.
      thenMs: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 5_000 })),
      // A wait for a send slot between the pacer's yes and the post.
      gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000 })),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Pace>(
          { rate: 1, burst: 3 },
          { rate: 0.5, burst: 7 },
          { rate: 1, burst: 1 },
        ),
        fc.array(post, { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        async (pace, posts, spread) => {
          expect((await run(pace, posts, { spread })).limited).toBe(0);
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

  it('spreads a long queue evenly and ends it when spending the burst at once would', async () => {
    // Ten queued, bucket 3 and 1 a second: the tenth can go 7 s after the first either way.
    const instant = Array.from({ length: 10 }, () => ({ toPlatformMs: 0, answerMs: 0, thenMs: 0 }));
    const greedy = await run({ rate: 1, burst: 3 }, instant);
    const spread = await run({ rate: 1, burst: 3 }, instant, { spread: true });
    expect(greedy.sentAt.slice(0, 3)).toEqual([0, 0, 0]);
    expect(spread.limited).toBe(0);
    // About one every 7/9 s (the pacer's few ms of margin come off the next gaps), never
    // three at once.
    for (let k = 1; k < 10; k++) {
      const gap = (spread.sentAt[k] as number) - (spread.sentAt[k - 1] as number);
      expect(gap).toBeGreaterThanOrEqual(770);
      expect(gap).toBeLessThanOrEqual(790);
    }
    const last = (r: { sentAt: number[] }) => r.sentAt[r.sentAt.length - 1] as number;
    expect(last(spread)).toBeLessThanOrEqual(last(greedy) + 60);
    // A queue the burst covers goes at once.
    const short = await run({ rate: 1, burst: 3 }, instant.slice(0, 3), { spread: true });
    expect(short.sentAt).toEqual([0, 0, 0]);
  });

  it("says each message's deadline: a fresh channel is due already, a paced one when its bucket fills", async () => {
    const { pacer, clock } = virtualPacer(undefined, 1_000);
    expect(await pacer.ready('slack', 'A')).toBe(Number.NEGATIVE_INFINITY);
    pacer.take('A');
    // Two tokens left at 1,000: full again one second later.
    expect(await pacer.ready('slack', 'A')).toBe(2_000);
    clock.now += 300;
    pacer.take('A');
    // 2.3 at 1,300, 1.3 once taken: full 1.7 s later.
    expect(await pacer.ready('slack', 'A')).toBe(3_000);
  });

  it('takes the token when the post leaves, not when the pacer said yes', async () => {
    const { pacer, clock } = virtualPacer({ rate: 1, burst: 1 });
    await pacer.ready('slack', 'A');
    // Half a second waiting for a send slot; the post leaves at 500.
    clock.now = 500;
    pacer.take('A');
    await pacer.ready('slack', 'A');
    expect(clock.now).toBeGreaterThanOrEqual(1_500);
  });

  it('sweeps idle channels whose buckets are full again, but not one between its yes and its post', async () => {
    const { pacer, clock } = virtualPacer({ rate: 1, burst: 3 });
    // Past 10,000 kept buckets the next `ready` sweeps the full ones.
    for (let i = 0; i < 10_001; i++) await pacer.wait('slack', `C${i}`);
    await pacer.ready('slack', 'ASKED');
    await pacer.ready('slack', 'FORGONE');
    pacer.forgo('FORGONE');
    clock.now += 5_000;
    await pacer.ready('slack', 'NEXT');
    expect(pacer.size).toEqual({ channels: 2, asked: 2 });
    // ASKED is kept (its post may still go): its pace and what waits behind it.
    pacer.take('ASKED');
    pacer.take('NEXT');
    expect(pacer.size.asked).toBe(0);
  });
});
