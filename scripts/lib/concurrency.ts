// Waiting and running things side by side, for the bench and the fault runs.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `action` on every item, at most `concurrency` at a time, in order of start. */
export async function forEachConcurrently<T>(items: T[], concurrency: number, action: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await action(items[index]!, index);
      }
    }),
  );
}

/** Polls `probe` until it holds (true) or `timeoutMs` passed (false). */
export async function waitUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}
