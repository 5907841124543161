// The product's log: pino writing one JSON object per line to stderr (stdout belongs to the
// console chat), or, on a terminal or with LOG_FORMAT=pretty, one readable line per entry.
// Callers keep the small `Logger` interface below; pino stays in this file.
import { pino, type Logger as PinoLogger } from 'pino';
import type { LogFormat, LogLevel } from '../config';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** json (default when stderr is not a terminal) or pretty (one readable line). */
  format?: LogFormat;
  /** Where lines go (default stderr). */
  write?: (line: string) => void;
  /** Values that must never be written (tokens, passwords, API keys from the configuration). */
  secrets?: readonly (string | undefined)[];
}

const REDACTED = '[redacted]';
/** Fields named like a secret are redacted at any depth, whatever a caller passes. */
const SECRET_FIELD = /password|passwd|secret|token|api_?key|authorization|cookie|signature/i;

/**
 * The product's logger. Every entry is redacted before it is written: fields named like
 * secrets, the configured secret values wherever they appear (a bot token inside a URL), and
 * the password of any URL.
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const format = options.format ?? (process.stderr.isTTY ? 'pretty' : 'json');
  const secrets = [...new Set((options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 6))].sort((a, b) => b.length - a.length);
  const scrub = (text: string) => {
    let out = text.replace(/(\/\/[^/:@\s]+:)[^@\s/]+@/g, `$1${REDACTED}@`);
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    return out;
  };
  const destination = {
    write(line: string) {
      write(format === 'pretty' ? prettyLine(line) : line);
    },
  };
  const base = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          // Arguments are (fields, message) as pino takes them; both are scrubbed.
          const [fields, message] = args as unknown as [Record<string, unknown>, string];
          method.apply(this, [redact(fields, scrub) as Record<string, unknown>, scrub(message)] as never);
        },
      },
    },
    destination,
  );
  return fromPino(base);
}

/** A logger whose every entry carries `fields` (a request id, a conversation id). */
export function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  const pinoLogger = (log as Partial<WithPino>)[PINO];
  if (pinoLogger) return fromPino(pinoLogger.child(fields));
  const merge = (more?: Record<string, unknown>) => ({ ...fields, ...more });
  return {
    debug: (message, more) => log.debug(message, merge(more)),
    info: (message, more) => log.info(message, merge(more)),
    warn: (message, more) => log.warn(message, merge(more)),
    error: (message, more) => log.error(message, merge(more)),
  };
}

const PINO = Symbol('pino');
interface WithPino {
  [PINO]: PinoLogger;
}

function fromPino(logger: PinoLogger): Logger {
  const entry = (at: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) => logger[at](fields ?? {}, message);
  const result: Logger & WithPino = { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error'), [PINO]: logger };
  return result;
}

/** A copy of `value` with secret-named fields redacted and strings scrubbed. */
function redact(value: unknown, scrub: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value instanceof Error) return { type: value.name, message: scrub(value.message) };
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, scrub, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, SECRET_FIELD.test(key) ? REDACTED : redact(item, scrub, depth + 1)]));
}

/** `2026-12-03T09:11:45.798Z INFO message {"field":1}` from pino's JSON line. */
function prettyLine(json: string): string {
  try {
    const { time, level, msg, ...fields } = JSON.parse(json) as { time: string; level: string; msg?: string } & Record<string, unknown>;
    return `${time} ${level.toUpperCase()} ${msg ?? ''}${Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}\n`;
  } catch {
    return json;
  }
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
