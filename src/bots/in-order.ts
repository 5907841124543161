// What the chat adapters share about time and order.

/**
 * Runs the work of one key (a chat) one after the other, in the order it was asked for, in
 * this process: the replies of two quick messages never interleave. Keys run independently.
 */
export function oneAtATime<K>(): (key: K, work: () => Promise<void>) => Promise<void> {
  const running = new Map<K, Promise<void>>();
  return (key, work) => {
    const next = (running.get(key) ?? Promise.resolve()).then(work, work);
    const settled = next.catch(() => undefined);
    running.set(key, settled);
    void settled.then(() => {
      if (running.get(key) === settled) running.delete(key);
    });
    return next;
  };
}

/**
 * A platform's pace per chat (one message a second, say): how long a notification to a chat
 * must still wait, 0 when it may go now (and then the chat's clock starts again).
 */
export function pacePerChat(intervalMs: number, now: () => number = Date.now): (chatId: string) => number {
  const last = new Map<string, number>();
  return (chatId) => {
    const since = now() - (last.get(chatId) ?? 0);
    if (since < intervalMs) return intervalMs - since;
    last.set(chatId, now());
    if (last.size > 10_000) last.clear();
    return 0;
  };
}
