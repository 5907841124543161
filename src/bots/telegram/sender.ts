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
 * is final: it is reported as `blocked` and not retried.
 */
export async function sendWithRetry<T>(call: () => Promise<T>, log: Logger, policy: SendPolicy = DEFAULT_SEND_POLICY): Promise<SendOutcome<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { kind: 'sent', result: await call() };
    } catch (error) {
      const failure = error as TelegramFailure;
      const code = failure.code ?? failure.response?.error_code;
      if (code === 403) return { kind: 'blocked' };
      const retryAfter = failure.response?.parameters?.retry_after;
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

/** Whether an error is Telegram's "message is not modified" (an edit to the same content). */
export function isNotModified(error: unknown): boolean {
  const failure = error as TelegramFailure;
  return /message is not modified/i.test(failure.response?.description ?? failure.description ?? String(error));
}
