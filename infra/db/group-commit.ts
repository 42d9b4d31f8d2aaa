// Group commit: callers hand in one item each and get its own result, while one statement at a time
// writes every item waiting. The first caller is written at once (no added delay when idle); those
// arriving while a statement runs go together in the next. Under a burst, hundreds of deliveries share
// one statement; alone, each waits no longer than its own.
export function groupCommit<I, O>(flush: (items: I[]) => Promise<O[]>, maxBatch = 1000): (item: I) => Promise<O> {
  let queue: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  let running = false;

  async function drain() {
    running = true;
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
    running = false;
  }

  return (item: I) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
