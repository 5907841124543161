import { describe, expect, it } from 'vitest';
import type { StaffUser } from '../../../../../src/domain/accounts/accounts';
import { staffLogin } from '../../../../../src/domain/use-cases/staff/login';
import { fakeHasher, plainHash } from '../../../../fakes/fake-hasher';
import { memoryStore } from '../../../../fakes/memory-store';
import { NOW, PASSWORD, aWorld, testUuid } from '../../../../fakes/mother';

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

function setUp(overrides: Partial<StaffUser> = {}) {
  const staff: StaffUser = { id: testUuid(900), username: 'Sam', name: 'Sam Staff', role: 'staff', passwordHash: plainHash(PASSWORD), failedAttempts: 0, lockedUntil: null, active: true, ...overrides };
  const store = memoryStore(aWorld({ staffUsers: [staff] }));
  const hasher = fakeHasher();
  const attempt = (password: string, now = NOW, username = 'sam') => store.transaction((repos) => staffLogin(repos, hasher, { username, password, now, channel: 'telegram' }));
  const row = () => store.state.staffUsers.find((u) => u.id === staff.id);
  const audit = () => store.state.audit.map((a) => [a.actor, a.action, a.subject]);
  return { staff, store, hasher, attempt, row, audit };
}

describe('staffLogin', () => {
  it('logs a member of staff in (the username in any case), records the login and writes it to the audit log', async () => {
    const { staff, attempt, row, audit } = setUp();
    expect(await attempt(PASSWORD, NOW, ' SAM ')).toEqual({ kind: 'ok', staff: { ...staff, failedAttempts: 0, lockedUntil: null } });
    expect(row()).toMatchObject({ failedAttempts: 0, lockedUntil: null, lastLoginAt: NOW });
    expect(audit()).toEqual([[`staff:${staff.id}`, 'staff.login', `staff:${staff.id}`]]);
  });

  it('a wrong password is counted and written to the audit log; an unknown name costs the dummy hash and writes nothing', async () => {
    const { staff, hasher, attempt, row, audit } = setUp();
    expect(await attempt('wrong')).toEqual({ kind: 'wrong_credentials' });
    expect(row()).toMatchObject({ failedAttempts: 1 });
    expect(await attempt(PASSWORD, NOW, 'mallory')).toEqual({ kind: 'wrong_credentials' });
    expect(hasher.checked.at(-1)).toBe(hasher.dummyHash);
    expect(audit()).toEqual([['system', 'staff.login_failed', `staff:${staff.id}`]]);
  });

  it('five wrong passwords lock the account for 15 minutes, even against the right one; then it opens again', async () => {
    const { staff, attempt, audit } = setUp();
    for (let i = 0; i < 4; i += 1) expect(await attempt('wrong')).toEqual({ kind: 'wrong_credentials' });
    expect(await attempt('wrong')).toEqual({ kind: 'locked', until: minutes(15) });
    expect(await attempt(PASSWORD, minutes(14))).toEqual({ kind: 'locked', until: minutes(15) });
    expect((await attempt(PASSWORD, minutes(16))).kind).toBe('ok');
    expect(audit().map(([, action]) => action)).toEqual(['staff.login_failed', 'staff.login_failed', 'staff.login_failed', 'staff.login_failed', 'staff.locked', 'staff.login_while_locked', 'staff.login']);
    expect(audit().every(([, , subject]) => subject === `staff:${staff.id}`)).toBe(true);
  });

  it('an inactive member of staff cannot log in', async () => {
    const { attempt } = setUp({ active: false });
    expect(await attempt(PASSWORD)).toEqual({ kind: 'wrong_credentials' });
  });
});
