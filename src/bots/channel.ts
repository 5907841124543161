// One seam for every chat platform: what an adapter registers on the product's HTTP server,
// how it starts and stops, and how it delivers a notification. main.ts starts the configured
// channels in one loop; connecting with retries, and giving up on a rejected credential, are
// written once here.
import type { Channel } from '../domain/orders/order';
import type { Route } from '../infra/http/server';
import type { Logger } from '../infra/log';
import type { ChannelNotifier } from '../jobs/notifier';

export interface ChannelAdapter extends ChannelNotifier {
  readonly channel: Channel;
  /** The routes it answers on the product's HTTP server (a webhook); none for polling or sockets. */
  routes(): Route[];
  /** Connects. Never throws: a platform that cannot be reached is asked again later. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The longest a platform that cannot be reached waits before it is asked again. */
export const RECONNECT_MS = 30_000;
/** The first wait: a platform (or its emulator) started a moment after the product is reached within seconds. */
const FIRST_RECONNECT_MS = 1_000;

export interface Connection {
  /** Tries to connect now, and again after 1 s, 2 s, 4 s… (RECONNECT_MS at most) until it works, is rejected, or stops. */
  start(): Promise<void>;
  stop(): void;
  /** Why the platform refused the credentials, once it did: the channel then stays stopped. */
  rejected(): string | undefined;
}

/**
 * Keeps trying `connect`: a platform that cannot be reached is asked again after 1 s, then
 * twice as long each time up to RECONNECT_MS, the rest of the product running meanwhile; credentials the platform rejects
 * (`rejectedBy` names why) stop the channel with one clear error and `advice`.
 */
export function keepConnecting(options: {
  /** The log's prefix ("telegram"). */
  name: string;
  /** The channel as people name it ("Telegram"). */
  title: string;
  /** What is reached ("the Bot API"). */
  peer: string;
  connect(): Promise<void>;
  rejectedBy(error: unknown): string | undefined;
  advice: string;
  log: Logger;
  retryMs?: number;
}): Connection {
  let stopped = false;
  let rejected: string | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  const attempt = async (): Promise<void> => {
    if (stopped) return;
    try {
      await options.connect();
    } catch (error) {
      const refusal = options.rejectedBy(error);
      if (refusal) {
        rejected = refusal;
        options.log.error(`${options.name}: ${refusal}; the ${options.title} channel is stopped, the rest of the product runs. ${options.advice}`);
        return;
      }
      failures += 1;
      const wait = Math.min(options.retryMs ?? RECONNECT_MS, FIRST_RECONNECT_MS * 2 ** Math.min(failures - 1, 10));
      options.log.error(`${options.name}: cannot reach ${options.peer} yet (${error instanceof Error ? error.message : String(error)}); trying again in ${Math.round(wait / 1000)} s`);
      retry = setTimeout(() => void attempt(), wait);
      retry.unref();
    }
  };
  return {
    start: attempt,
    stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
    },
    rejected: () => rejected,
  };
}
