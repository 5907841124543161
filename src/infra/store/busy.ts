import { ConversationStoreBusy } from '../../conversation/engine';

// The product being busy is not a failure: an input that could not get a database connection
// in time, or lost a lock or serialization race, changed nothing (its transaction was undone)
// and is simply run again a little later, until it is handled or its patience runs out.

/** PostgreSQL's codes for a transaction that lost a race or found no room: run it again. */
const BUSY_CODES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (lock_timeout)
  '53300', // too_many_connections
]);

/** True for an error that says the database was busy, not that anything is wrong. */
export function isBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // knex's pool gave no connection within acquireConnectionTimeout.
  if (error.name === 'KnexTimeoutError') return true;
  return BUSY_CODES.has(String((error as { code?: unknown }).code));
}

/** How long an input waits for a busy database, and between its attempts. */
export interface Patience {
  /** Attempts start until this long after the first (default 60 s: well within Telegram's and Slack's patience). */
  totalMs: number;
  /** The first pause; each next one doubles, up to `maxPauseMs`, with some randomness so that waiting inputs spread out. */
  firstPauseMs: number;
  maxPauseMs: number;
}

export const DEFAULT_PATIENCE: Patience = { totalMs: 60_000, firstPauseMs: 25, maxPauseMs: 1_000 };

/**
 * Runs `attempt` again while it fails because the database is busy, pausing between attempts,
 * for at most `patience.totalMs`; then raises ConversationStoreBusy. Other errors pass through at once.
 */
export async function patiently<T>(attempt: () => Promise<T>, patience: Patience, onBusy?: (error: unknown, attempt: number) => void): Promise<T> {
  const started = Date.now();
  for (let n = 1, pause = patience.firstPauseMs; ; n++, pause = Math.min(pause * 2, patience.maxPauseMs)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error)) throw error;
      onBusy?.(error, n);
      if (Date.now() - started + pause > patience.totalMs) throw new ConversationStoreBusy(error);
      await new Promise((resolve) => setTimeout(resolve, pause / 2 + Math.random() * (pause / 2)));
    }
  }
}
