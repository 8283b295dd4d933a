/**
 * Bounded concurrency: the bulk import's media checks, schedules and events, and the metric
 * collectors' accounts, each run at most so many at once.
 */

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `slots` tasks at once, in the order they were asked for. */
export function limiter(slots: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (active < slots) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

/** Calls `fn` on every item, at most `concurrency` at once; resolves when all are done. */
export async function forEachLimited<T>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
