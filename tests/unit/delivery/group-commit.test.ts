import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../../src/delivery/group-commit';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A write that records each batch and takes `ms` to finish. */
function writer(ms = 0, fail?: (items: number[]) => boolean) {
  const batches: number[][] = [];
  const write = async (items: number[]) => {
    batches.push(items);
    await sleep(ms);
    if (fail?.(items)) throw new Error(`refused ${items.join(',')}`);
    return items.length;
  };
  return { batches, write };
}

describe('group commit', () => {
  it("puts one turn's callers in one write", async () => {
    const w = writer();
    const add = groupCommit(w.write, { maxBatch: 10, maxInFlight: 2 });
    await Promise.all([1, 2, 3].map(add));
    expect(w.batches).toEqual([[1, 2, 3]]);
  });

  it('with a linger, callers of the next milliseconds join the same write', async () => {
    const w = writer();
    const add = groupCommit(w.write, { maxBatch: 10, maxInFlight: 1, lingerMs: 30 });
    const first = add(1);
    await sleep(5);
    const second = add(2);
    await sleep(5);
    const third = add(3);
    await Promise.all([first, second, third]);
    expect(w.batches).toEqual([[1, 2, 3]]);
  });

  it('with one write in flight, the callers meanwhile go together in the next', async () => {
    const w = writer(30);
    const add = groupCommit(w.write, { maxBatch: 10, maxInFlight: 1 });
    const first = add(1);
    await sleep(5);
    const rest = [2, 3, 4].map(add);
    await Promise.all([first, ...rest]);
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
  });

  it('splits at maxBatch, and a failed write rejects only its own callers', async () => {
    const w = writer(0, (items) => items.includes(2));
    const add = groupCommit(w.write, { maxBatch: 2, maxInFlight: 2 });
    const results = await Promise.allSettled([1, 2, 3].map(add));
    expect(w.batches).toEqual([[1, 2], [3]]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
