/**
 * How many platform calls a worker has under way at once, and who goes next when they are all
 * taken: the lowest rank first, then the earliest to ask.
 *
 * Why: a channel's last post comes at its first post plus its paced span, so a batch of
 * channels ends soonest when every channel gets its FIRST post early, not when some channels
 * race through their bursts while others wait for their first. The outbox worker ranks a
 * message by its deadline (pacer.ts): when its channel's bucket would sit full, wasting
 * refill, if it does not go. A channel not posted to yet is full already and goes first; a
 * burst post, whose bucket is far from full, waits for spare slots. Bounding the calls in
 * flight is what makes the order count: unbounded, a claim of hundreds of channels put
 * thousands of posts (and as many new connections) on the CPU at once, first and third posts
 * alike.
 *
 * Order within a channel is untouched: a channel has one message in hand at a time.
 */
export interface SendGate {
  /** Waits for a free slot; the returned function hands it back (call it exactly once). */
  enter(rank: number): Promise<() => void>;
  /** Calls under way, and calls waiting for a slot. */
  readonly busy: number;
  readonly waiting: number;
}

interface Waiter {
  rank: number;
  seq: number;
  go: () => void;
}

const before = (a: Waiter, b: Waiter) => a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq);

export function createSendGate(slots: number): SendGate {
  if (!(slots >= 1)) throw new Error(`a send gate needs at least one slot (got ${slots})`);
  let busy = 0;
  let seq = 0;
  // A binary min-heap on (rank, seq).
  const heap: Waiter[] = [];

  const push = (w: Waiter) => {
    heap.push(w);
    for (let i = heap.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!before(heap[i] as Waiter, heap[up] as Waiter)) break;
      [heap[i], heap[up]] = [heap[up] as Waiter, heap[i] as Waiter];
      i = up;
    }
  };
  const pop = (): Waiter | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l] as Waiter, heap[m] as Waiter)) m = l;
        if (r < heap.length && before(heap[r] as Waiter, heap[m] as Waiter)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m] as Waiter, heap[i] as Waiter];
        i = m;
      }
    }
    return top;
  };

  const leave = () => {
    const next = pop();
    // The slot passes straight to the next waiter: `busy` stays as it is.
    if (next) next.go();
    else busy--;
  };
  const ticket = () => {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      leave();
    };
  };

  return {
    enter(rank) {
      if (busy < slots) {
        busy++;
        return Promise.resolve(ticket());
      }
      return new Promise((resolve) => {
        push({ rank, seq: seq++, go: () => resolve(ticket()) });
      });
    },
    get busy() {
      return busy;
    },
    get waiting() {
      return heap.length;
    },
  };
}
