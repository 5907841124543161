import type { LogLevel } from '../config';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Logs one line per entry to stderr (stdout belongs to the console chat). Fields named like
 * secrets are never written, whatever a caller passes.
 */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const emit = (at: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const safe = fields ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, /password|secret|token|api_?key/i.test(k) ? '[hidden]' : v])) : undefined;
    write(`${new Date().toISOString()} ${at.toUpperCase()} ${message}${safe && Object.keys(safe).length ? ' ' + JSON.stringify(safe) : ''}`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
