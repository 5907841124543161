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

/** How long a platform that cannot be reached waits before it is asked again. */
export const RECONNECT_MS = 30_000;

export interface Connection {
  /** Tries to connect now, and again every RECONNECT_MS until it works, is rejected, or stops. */
  start(): Promise<void>;
  stop(): void;
  /** Why the platform refused the credentials, once it did: the channel then stays stopped. */
  rejected(): string | undefined;
}

/**
 * Keeps trying `connect`: a platform that cannot be reached is asked again every
 * RECONNECT_MS, the rest of the product running meanwhile; credentials the platform rejects
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
      const seconds = Math.round((options.retryMs ?? RECONNECT_MS) / 1000);
      options.log.error(`${options.name}: cannot reach ${options.peer} yet (${error instanceof Error ? error.message : String(error)}); trying again in ${seconds} s`);
      retry = setTimeout(() => void attempt(), options.retryMs ?? RECONNECT_MS);
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
