// Bolt's and the Web API client's log lines in the product's log (their chatter at debug).
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../infra/log';

export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug: () => undefined,
    info: (...messages: unknown[]) => log.debug(`slack: ${messages.map(String).join(' ')}`),
    warn: (...messages: unknown[]) => log.warn(`slack: ${messages.map(String).join(' ')}`),
    error: (...messages: unknown[]) => log.error(`slack: ${messages.map(String).join(' ')}`),
    setLevel: (next: LogLevel) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}
