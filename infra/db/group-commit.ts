// Group commit: callers hand in one item each and get its own result; items are written by statements of
// up to `maxBatch` items, at most `parallel` statements at once. An item arriving while a statement slot is
// free is written at once (no added delay when idle); those arriving while every slot is busy go together
// in the next statement. Under a burst, hundreds of deliveries share a few statements; alone, each waits no
// longer than its own.
export function groupCommit<I, O>(flush: (items: I[]) => Promise<O[]>, options: { maxBatch?: number; parallel?: number } = {}): (item: I) => Promise<O> {
  const maxBatch = options.maxBatch ?? 1000;
  const parallel = options.parallel ?? 1;
  let queue: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  let running = 0;

  async function drain() {
    running += 1;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const results = await flush(batch.map((entry) => entry.item));
        batch.forEach((entry, i) => entry.resolve(results[i]!));
      } catch (error) {
        batch.forEach((entry) => entry.reject(error));
      }
    }
    running -= 1;
  }

  return (item: I) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (running < parallel) void drain();
    });
}
