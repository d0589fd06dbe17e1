import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../src/delivery/pacer';
import { createSendGate } from '../../../src/delivery/send-gate';
import { virtualPacer } from '../../helpers/virtual-pacer';

const tick = () => new Promise((r) => setImmediate(r));

// The worker's order at a full gate: the pacer's deadline is the rank (deliver.ts).
describe('earliest deadline first at the send gate', () => {
  it("a channel whose bucket is full goes before another channel's burst post", async () => {
    const now = 0;
    const pacer = createPacer({ nowMs: () => now, sleep: async () => {} });
    const gate = createSendGate(1);
    const order: string[] = [];
    // A has posted once: two tokens left, its burst could go now.
    await pacer.ready('slack', 'A');
    pacer.take('A');
    const busy = await gate.enter(0);
    const ask = async (key: string, behind: number) => {
      const due = await pacer.ready('slack', key, behind);
      const leave = await gate.enter(due);
      pacer.take(key);
      order.push(key);
      leave();
    };
    // A asks first, for a burst post; B, never posted to, asks after it.
    const a = ask('A', 0);
    await tick();
    const b = ask('B', 0);
    await tick();
    expect(gate.waiting).toBe(2);
    busy();
    await Promise.all([a, b]);
    expect(order).toEqual(['B', 'A']);
  });

  it('among paced channels, the one whose bucket fills first goes first', async () => {
    const { pacer, clock } = virtualPacer();
    const gate = createSendGate(1);
    // C posted three times at 0 (empty, full at 3,000); D once at 500 (full at 1,500).
    for (let i = 0; i < 3; i++) {
      await pacer.ready('slack', 'C');
      pacer.take('C');
    }
    clock.now = 500;
    await pacer.ready('slack', 'D');
    pacer.take('D');
    clock.now = 1_000;
    const busy = await gate.enter(0);
    const order: string[] = [];
    const ask = async (key: string) => {
      const leave = await gate.enter(await pacer.ready('slack', key));
      order.push(key);
      leave();
    };
    const c = ask('C');
    await tick();
    const d = ask('D');
    await tick();
    busy();
    await Promise.all([c, d]);
    expect(order).toEqual(['D', 'C']);
  });
});
