/**
 * At most `limit` runs of `work` at once; the others wait their turn, first come first served.
 * Password hashes are CPU work: more of them at once than there are cores only makes every
 * one of them, and everything else the process does, slower.
 */
export function concurrencyLimit(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`a concurrency limit is a whole number of at least 1, not ${limit}`);
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (work) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so a newcomer never overtakes it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
