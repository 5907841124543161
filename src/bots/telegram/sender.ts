import type { Logger } from '../../infra/log';

/** What a Telegram API error carries (telegraf's TelegramError). */
interface TelegramFailure {
  code?: number;
  response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } };
  description?: string;
}

export interface SendPolicy {
  /** How many times one call is tried in all when Telegram answers 429. */
  attempts: number;
  /** The longest wait honoured for one 429, in seconds. */
  maxRetryAfterSeconds: number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_SEND_POLICY: SendPolicy = {
  attempts: 8,
  maxRetryAfterSeconds: 120,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type SendOutcome<T> = { kind: 'sent'; result: T } | { kind: 'blocked' } | { kind: 'failed'; error: unknown };

/**
 * Calls the Bot API for one chat, waiting out a 429's retry_after and trying again, so that
 * nothing is dropped for going too fast. A 403 (the user blocked the bot, or left the chat)
 * is final: it is reported as `blocked` and not retried. A 5xx or a refused connection is
 * tried again twice.
 */
export async function sendWithRetry<T>(call: () => Promise<T>, log: Logger, policy: SendPolicy = DEFAULT_SEND_POLICY): Promise<SendOutcome<T>> {
  let serverErrors = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return { kind: 'sent', result: await call() };
    } catch (error) {
      const failure = error as TelegramFailure;
      const code = failure.code ?? failure.response?.error_code;
      if (code === 403) return { kind: 'blocked' };
      const retryAfter = failure.response?.parameters?.retry_after;
      // A server error (or a refused connection) means the message did not go: tried again a
      // couple of times, a little later each time, so one hiccup does not lose a reply.
      if ((isServerError(code) || refusedConnection(error)) && attempt < policy.attempts && serverErrors < SERVER_ERROR_RETRIES) {
        serverErrors += 1;
        log.warn(`telegram answered ${code ?? 'nothing'}; retrying in ${serverErrors}s`, { attempt });
        await policy.sleep(serverErrors * 1000);
        continue;
      }
      if (code === 429 && attempt < policy.attempts) {
        const seconds = Math.min(Math.max(retryAfter ?? 1, 1), policy.maxRetryAfterSeconds);
        log.warn(`telegram asked to slow down; retrying in ${seconds}s`, { attempt });
        await policy.sleep(seconds * 1000);
        continue;
      }
      return { kind: 'failed', error };
    }
  }
}

/** How many times one call is tried again after a 5xx or a refused connection. */
const SERVER_ERROR_RETRIES = 2;

function isServerError(code: number | undefined): boolean {
  return code !== undefined && code >= 500 && code < 600;
}

/** The Bot API could not be reached at all (nothing was sent): telegraf's FetchError with ECONNREFUSED. */
function refusedConnection(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'ECONNREFUSED';
}

/** The Bot API's error code of a failed call (telegraf's TelegramError), if it answered one. */
export function apiErrorCode(error: unknown): number | undefined {
  const code = (error as TelegramFailure | undefined)?.response?.error_code;
  return typeof code === 'number' ? code : undefined;
}

/** The Bot API's description of a failed call, else the error as text. */
function failureText(error: unknown): string {
  const failure = error as TelegramFailure;
  return failure.response?.description ?? failure.description ?? String(error);
}

/** Whether an error is Telegram's "message is not modified" (an edit to the same content). */
export function isNotModified(error: unknown): boolean {
  return /message is not modified/i.test(failureText(error));
}

/** Whether an error is Telegram's refusal of an inline button's URL ("BUTTON_URL_INVALID", "Wrong HTTP URL"). */
export function isRefusedLink(error: unknown): boolean {
  return apiErrorCode(error) === 400 && /button_url_invalid|button url|url is invalid|wrong http url|unsupported url protocol/i.test(failureText(error));
}
