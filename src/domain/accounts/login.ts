/** After this many wrong passwords in a row the user is locked out for a while. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;
/**
 * Failures in a row are forgotten a day after the last of them, for a user as for a username
 * nobody has: the record of such a username can then be deleted without changing any answer.
 */
export const FAILURES_FORGOTTEN_AFTER_HOURS = 24;

/** What the store knows about a user's (or an unknown username's) recent logins. */
export interface LoginRecord {
  failedAttempts: number;
  lockedUntil: Date | null;
  /** When the last failure was (absent: not recorded, never forgotten). */
  lastFailedAt?: Date | null;
  active: boolean;
}

/** The decision of one login attempt, with the record to store afterwards. */
export type LoginDecision =
  | { kind: 'ok'; record: LoginRecord }
  | { kind: 'wrong_credentials'; record: LoginRecord; attemptsLeft: number }
  | { kind: 'locked'; until: Date; record: LoginRecord };

/**
 * Decides a login attempt. The password is checked before this is called (or, for an unknown
 * username, a dummy hash is checked so that timing does not tell which part was wrong).
 * A locked user stays locked whatever the password; a lockout that has passed is forgotten.
 */
export function decideLogin(record: LoginRecord, passwordMatches: boolean, now: Date): LoginDecision {
  const lockActive = record.lockedUntil !== null && record.lockedUntil.getTime() > now.getTime();
  if (lockActive && record.lockedUntil) return { kind: 'locked', until: record.lockedUntil, record };
  const fresh = record.lockedUntil || failuresForgotten(record, now) ? { ...record, failedAttempts: 0, lockedUntil: null } : record;
  if (passwordMatches && fresh.active) {
    return { kind: 'ok', record: { ...fresh, failedAttempts: 0, lockedUntil: null } };
  }
  const failedAttempts = fresh.failedAttempts + 1;
  if (failedAttempts >= MAX_FAILED_ATTEMPTS) {
    const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
    return { kind: 'locked', until, record: { ...fresh, failedAttempts, lockedUntil: until, lastFailedAt: now } };
  }
  return {
    kind: 'wrong_credentials',
    record: { ...fresh, failedAttempts, lockedUntil: null, lastFailedAt: now },
    attemptsLeft: MAX_FAILED_ATTEMPTS - failedAttempts,
  };
}

/**
 * True when the record decides nothing any more, so that it is as if there were none: its
 * lock has passed, or its failures were forgotten (or it has none).
 */
export function loginRecordSpent(record: LoginRecord, now: Date): boolean {
  if (record.lockedUntil !== null) return record.lockedUntil.getTime() <= now.getTime();
  return record.failedAttempts === 0 || failuresForgotten(record, now);
}

function failuresForgotten(record: LoginRecord, now: Date): boolean {
  return record.lastFailedAt != null && now.getTime() - record.lastFailedAt.getTime() >= FAILURES_FORGOTTEN_AFTER_HOURS * 3_600_000;
}
