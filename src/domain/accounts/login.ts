/** After this many wrong passwords in a row the user is locked out for a while. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;

/** What the store knows about a user's recent logins. */
export interface LoginRecord {
  failedAttempts: number;
  lockedUntil: Date | null;
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
  const fresh = record.lockedUntil ? { ...record, failedAttempts: 0, lockedUntil: null } : record;
  if (passwordMatches && fresh.active) {
    return { kind: 'ok', record: { ...fresh, failedAttempts: 0, lockedUntil: null } };
  }
  const failedAttempts = fresh.failedAttempts + 1;
  if (failedAttempts >= MAX_FAILED_ATTEMPTS) {
    const until = new Date(now.getTime() + LOCKOUT_MINUTES * 60_000);
    return { kind: 'locked', until, record: { ...fresh, failedAttempts, lockedUntil: until } };
  }
  return {
    kind: 'wrong_credentials',
    record: { ...fresh, failedAttempts, lockedUntil: null },
    attemptsLeft: MAX_FAILED_ATTEMPTS - failedAttempts,
  };
}
