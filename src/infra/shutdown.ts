// How a process of the product stops when told to (SIGTERM from a service manager or from
// `npm start`'s npm, SIGINT from Ctrl-C, SIGHUP from the terminal window it runs in being
// closed): one log line, the orderly close of what it runs,
// and an exit within a limit whatever is down. A second signal exits at once; a copy of the
// first that comes with it is not a second one: Ctrl-C reaches npm's whole process group, and
// npm forwards the SIGINT it got to its child, so the product gets the same signal twice.

/** Where shutdown reports (the product's logger will do). */
interface ShutdownLog {
  info(message: string): void;
  warn(message: string): void;
}

/** The whole shutdown never takes longer than this, whatever is down. */
export const SHUTDOWN_LIMIT_MS = 10_000;

/**
 * A signal this soon after the first is a copy of it (the terminal's and npm's), not a person
 * asking again: nobody presses Ctrl-C twice within a second by accident of timing.
 */
export const SAME_SIGNAL_WITHIN_MS = 1_000;

export interface ProcessShutdown {
  /** Resolves with the signal's name when the process is told to stop. */
  readonly signalled: Promise<string>;
  /** The signal received, if any. */
  readonly signal: string | undefined;
  /** Removes the handlers (the command ended by itself). */
  dispose(): void;
}

const last = new Set<() => Promise<void>>();

/**
 * Registers what must still be stopped when the orderly close runs out of time or a second
 * signal comes (an embedded PostgreSQL this process started, which would outlive it);
 * answers the function that unregisters it.
 */
export function lastly(stop: () => Promise<void>): () => void {
  last.add(stop);
  return () => void last.delete(stop);
}

/**
 * Listens for SIGTERM and SIGINT, and for SIGHUP when `hangup` (by default: when stdin is a
 * terminal, so the terminal window it runs in can be closed; without a handler that ended the
 * process at once and left its embedded PostgreSQL running. Not otherwise: `nohup npm start &`
 * ignores SIGHUP, a listener would undo that, and nohup's stdin is no terminal). The first logs one line and resolves `signalled` (the
 * caller then closes in order); if that has not ended the process within `limitMs`, the
 * `lastly` stops run (a few seconds at most) and the process exits with 1. A second signal
 * exits at once, after the `lastly` stops, unless it comes within SAME_SIGNAL_WITHIN_MS of the
 * first: then it is the first one's copy, and changes nothing.
 */
export function processShutdown(log: ShutdownLog, options: { limitMs?: number; exit?: (code: number) => void; now?: () => number; hangup?: boolean } = {}): ProcessShutdown {
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', ...((options.hangup ?? process.stdin.isTTY === true) ? ['SIGHUP' as const] : [])];
  const limitMs = options.limitMs ?? SHUTDOWN_LIMIT_MS;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const now = options.now ?? (() => Date.now());
  let received: string | undefined;
  let receivedAt = 0;
  let resolveSignalled: (signal: string) => void = () => undefined;
  const signalled = new Promise<string>((resolve) => (resolveSignalled = resolve));

  const stopLast = async () => {
    await withinMs(Promise.allSettled([...last].map((stop) => stop())), 3_000);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== undefined) {
      if (now() - receivedAt < SAME_SIGNAL_WITHIN_MS) return;
      log.warn(`${signal} again: exiting now`);
      void stopLast().finally(() => exit(1));
      return;
    }
    received = signal;
    receivedAt = now();
    log.info(`${signal}: shutting down`);
    const deadline = setTimeout(() => {
      log.warn(`shutdown did not finish within ${limitMs / 1000} s: exiting anyway`);
      void stopLast().finally(() => exit(1));
    }, limitMs);
    deadline.unref();
    resolveSignalled(signal);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    signalled,
    get signal() {
      return received;
    },
    dispose() {
      for (const signal of signals) process.off(signal, onSignal);
    },
  };
}

/** Waits for `promise` at most `ms`; answers whether it settled in time (its failure counts as settled). */
export async function withinMs(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise.then(() => true, () => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
