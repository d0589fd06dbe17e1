/**
 * Group commit: callers hand in one item each and wait; items that arrive while a write is
 * under way go together in the next one. Bookkeeping for hundreds of channels then costs a few
 * statements a tick instead of one pool connection per message (which queued behind each
 * other and slowed every channel). A failed write rejects every caller of that batch; each
 * decides whether to hand its item in again. `lingerMs`: a batch waits that long for more
 * callers before it is written (for writes off the callers' critical path).
 */
export function groupCommit<T, R>(
  write: (items: T[]) => Promise<R>,
  o: { maxBatch: number; maxInFlight: number; lingerMs?: number },
): (item: T) => Promise<R> {
  let queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    while (queue.length > 0 && inFlight < o.maxInFlight) {
      const batch = queue.slice(0, o.maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      write(batch.map((b) => b.item))
        .then(
          (r) => {
            for (const b of batch) b.resolve(r);
          },
          (e) => {
            for (const b of batch) b.reject(e);
          },
        )
        .finally(() => {
          inFlight--;
          schedule();
        });
    }
  };
  const schedule = () => {
    if (scheduled || queue.length === 0 || inFlight >= o.maxInFlight) return;
    scheduled = true;
    // The rest of this turn's callers join the batch (and, with a linger, those of the next
    // few milliseconds).
    if (o.lingerMs) setTimeout(flush, o.lingerMs);
    else setImmediate(flush);
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
