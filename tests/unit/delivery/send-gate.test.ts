import { describe, expect, it } from 'vitest';
import { createSendGate } from '../../../src/delivery/send-gate';

const tick = () => new Promise((r) => setImmediate(r));

describe('send gate', () => {
  it('lets no more than its slots through, then the lowest rank first, ties in arrival order', async () => {
    const gate = createSendGate(2);
    const order: string[] = [];
    const leaves = new Map<string, () => void>();
    const ask = (name: string, rank: number) =>
      void gate.enter(rank).then((leave) => {
        order.push(name);
        leaves.set(name, leave);
      });
    ask('a0', 0);
    ask('b0', 0);
    // Full: these wait, asked with the higher ranks first.
    ask('a2', 2);
    ask('b1', 1);
    ask('c0', 0);
    ask('a1', 1);
    ask('d0', 0);
    await tick();
    expect(order).toEqual(['a0', 'b0']);
    expect([gate.busy, gate.waiting]).toEqual([2, 5]);
    for (const done of ['a0', 'b0', 'c0', 'd0', 'b1', 'a1', 'a2']) {
      leaves.get(done)?.();
      await tick();
    }
    expect(order).toEqual(['a0', 'b0', 'c0', 'd0', 'b1', 'a1', 'a2']);
    expect([gate.busy, gate.waiting]).toEqual([0, 0]);
  });

  it('a slot handed back twice counts once', async () => {
    const gate = createSendGate(1);
    const leave = await gate.enter(0);
    leave();
    leave();
    expect(gate.busy).toBe(0);
    await gate.enter(0);
    expect(gate.busy).toBe(1);
  });
});
