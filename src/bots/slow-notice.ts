/** How long an input may wait for its answer before its chat is told that it is kept. */
export const SLOW_NOTICE_AFTER_MS = 5_000;

export interface SlowNotice {
  /**
   * Called when the answer is there: resolves once the notice, if it was started, is out (so
   * that it always comes before the answer), with whether it was sent.
   */
  stop(): Promise<boolean>;
}

/**
 * Tells a chat once, through `sendNotice`, that its input is kept and will be answered, when
 * that input is still unanswered after `afterMs` (a busy database, many logins at once).
 * `sendNotice` resolves with whether the notice was sent; it is never rejected.
 */
export function slowNotice(afterMs: number, sendNotice: () => Promise<boolean>): SlowNotice {
  let sending: Promise<boolean> | undefined;
  const timer = setTimeout(() => {
    sending = sendNotice();
  }, afterMs);
  return {
    stop() {
      clearTimeout(timer);
      return sending ?? Promise.resolve(false);
    },
  };
}

/** For a chat that is never told (a group): nothing to stop. */
export const NO_NOTICE: SlowNotice = { stop: async () => false };
