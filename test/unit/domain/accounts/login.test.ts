import { describe, expect, it } from 'vitest';
import { FAILURES_FORGOTTEN_AFTER_HOURS, LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS, decideLogin, loginRecordSpent, type LoginRecord } from '../../../../src/domain/accounts/login';

const NOW = new Date('2026-11-26T10:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const fresh: LoginRecord = { failedAttempts: 0, lockedUntil: null, active: true };

describe('decideLogin', () => {
  it('locks after 5 wrong passwords for 15 minutes', () => {
    expect([MAX_FAILED_ATTEMPTS, LOCKOUT_MINUTES]).toEqual([5, 15]);
    let record = fresh;
    const answers: unknown[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const decision = decideLogin(record, false, NOW);
      answers.push(decision.kind === 'wrong_credentials' ? decision.attemptsLeft : decision.kind);
      record = decision.record;
    }
    expect(answers).toEqual([4, 3, 2, 1, 'locked']);
    expect(record).toEqual({ failedAttempts: 5, lockedUntil: minutes(15), lastFailedAt: NOW, active: true });
  });

  it('answers the fifth failure with the lock and its end', () => {
    expect(decideLogin({ ...fresh, failedAttempts: 4 }, false, NOW)).toEqual({
      kind: 'locked',
      until: minutes(15),
      record: { failedAttempts: 5, lockedUntil: minutes(15), lastFailedAt: NOW, active: true },
    });
  });

  it('keeps a locked user locked even with the right password, and changes nothing', () => {
    const locked = { failedAttempts: 5, lockedUntil: minutes(15), active: true };
    expect(decideLogin(locked, true, minutes(1))).toEqual({ kind: 'locked', until: minutes(15), record: locked });
    expect(decideLogin(locked, false, minutes(14.99))).toEqual({ kind: 'locked', until: minutes(15), record: locked });
  });

  it('forgets a lock that has passed: the right password logs in', () => {
    const locked = { failedAttempts: 5, lockedUntil: minutes(15), active: true };
    expect(decideLogin(locked, true, minutes(15))).toEqual({ kind: 'ok', record: fresh });
  });

  it('counts again from zero after the lock has passed', () => {
    const locked = { failedAttempts: 5, lockedUntil: minutes(15), active: true };
    expect(decideLogin(locked, false, minutes(16))).toEqual({
      kind: 'wrong_credentials',
      attemptsLeft: 4,
      record: { failedAttempts: 1, lockedUntil: null, lastFailedAt: minutes(16), active: true },
    });
  });

  it('resets earlier failures on success', () => {
    expect(decideLogin({ ...fresh, failedAttempts: 3 }, true, NOW)).toEqual({ kind: 'ok', record: fresh });
  });

  it('never logs an inactive user in, and counts the attempt as a failure', () => {
    const inactive = { ...fresh, active: false };
    expect(decideLogin(inactive, true, NOW)).toEqual({
      kind: 'wrong_credentials',
      attemptsLeft: 4,
      record: { failedAttempts: 1, lockedUntil: null, lastFailedAt: NOW, active: false },
    });
    const lastChance = decideLogin({ ...inactive, failedAttempts: 4 }, true, NOW);
    expect(lastChance.kind).toBe('locked');
  });

  it('forgets failures in a row a day after the last of them', () => {
    expect(FAILURES_FORGOTTEN_AFTER_HOURS).toBe(24);
    const four = { ...fresh, failedAttempts: 4, lastFailedAt: NOW };
    const almostADay = minutes(24 * 60 - 1);
    expect(decideLogin(four, false, almostADay).kind).toBe('locked');
    expect(decideLogin(four, false, minutes(24 * 60))).toEqual({
      kind: 'wrong_credentials', attemptsLeft: 4, record: { failedAttempts: 1, lockedUntil: null, lastFailedAt: minutes(24 * 60), active: true },
    });
    // Without the time of the last failure (a record that does not keep it), nothing is forgotten.
    expect(decideLogin({ ...fresh, failedAttempts: 4 }, false, minutes(48 * 60)).kind).toBe('locked');
  });

  it('calls a record spent when it decides nothing any more: as if there were none', () => {
    const at = (record: LoginRecord, when: Date) => loginRecordSpent(record, when);
    expect(at({ ...fresh, failedAttempts: 3, lastFailedAt: NOW }, minutes(60))).toBe(false);
    expect(at({ ...fresh, failedAttempts: 3, lastFailedAt: NOW }, minutes(24 * 60))).toBe(true);
    expect(at({ ...fresh, failedAttempts: 5, lockedUntil: minutes(15), lastFailedAt: NOW }, minutes(14))).toBe(false);
    expect(at({ ...fresh, failedAttempts: 5, lockedUntil: minutes(15), lastFailedAt: NOW }, minutes(15))).toBe(true);
    expect(at(fresh, NOW)).toBe(true);
  });
});
