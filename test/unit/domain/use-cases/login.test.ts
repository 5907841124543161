import { describe, expect, it } from 'vitest';
import { login } from '../../../../src/domain/use-cases/login';
import { fakeHasher } from '../../../fakes/fake-hasher';
import { memoryStore } from '../../../fakes/memory-store';
import { NOW, PASSWORD, aUser, aWorld } from '../../../fakes/mother';

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

function setUp(overrides: Parameters<typeof aUser>[0] = {}) {
  const user = aUser({ username: 'Alice', ...overrides });
  const store = memoryStore(aWorld({ users: [user] }));
  const hasher = fakeHasher();
  const attempt = (password: string, now = NOW, username = 'alice') => store.transaction((repos) => login(repos, hasher, { username, password, now }));
  const row = () => store.state.users.find((u) => u.id === user.id);
  return { user, store, hasher, attempt, row };
}

describe('login', () => {
  it('logs in with the username in any case and blanks around it, and records the login', async () => {
    const { user, store, attempt, row } = setUp();
    const result = await attempt(PASSWORD, NOW, '  ALICE ');
    expect(result).toEqual({ kind: 'ok', user: { ...user, failedAttempts: 0, lockedUntil: null } });
    expect(row()).toMatchObject({ failedAttempts: 0, lockedUntil: null, lastLoginAt: NOW });
    expect(store.state.audit.map((a) => [a.actor, a.action])).toEqual([[`user:${user.id}`, 'user.login']]);
  });

  it('answers an unknown user like a wrong password, after checking the dummy hash', async () => {
    const { store, hasher, attempt } = setUp();
    expect(await attempt(PASSWORD, NOW, 'mallory')).toEqual({ kind: 'wrong_credentials' });
    expect(await attempt(PASSWORD, NOW, '   ')).toEqual({ kind: 'wrong_credentials' });
    expect(hasher.checked).toEqual([hasher.dummyHash, hasher.dummyHash]);
    expect(store.state.audit).toEqual([]);
  });

  it('locks a username nobody has at the fifth failure, as a user is locked: the answers do not tell who exists', async () => {
    const known = setUp();
    const unknown = setUp();
    const answers = async (s: ReturnType<typeof setUp>, username: string) => {
      const got = [];
      for (let i = 0; i < 6; i += 1) got.push(await s.attempt('wrong', minutes(i), i % 2 ? username.toUpperCase() : ` ${username} `));
      return got;
    };
    const expected = [...Array(4).fill({ kind: 'wrong_credentials' }), { kind: 'locked', until: minutes(19) }, { kind: 'locked', until: minutes(19) }];
    expect(await answers(known, 'alice')).toEqual(expected);
    expect(await answers(unknown, 'mallory')).toEqual(expected);
    expect(unknown.store.state.loginFailures).toEqual([{ username: 'mallory', failedAttempts: 5, lockedUntil: minutes(19), lastFailedAt: minutes(4) }]);
    expect(unknown.store.state.audit).toEqual([]);
  });

  it('counts a wrong password', async () => {
    const { attempt, row } = setUp();
    expect(await attempt('wrong')).toEqual({ kind: 'wrong_credentials' });
    expect(await attempt('wrong')).toEqual({ kind: 'wrong_credentials' });
    expect(row()).toMatchObject({ failedAttempts: 2, lockedUntil: null, lastLoginAt: null });
  });

  it('locks the user for 15 minutes at the fifth wrong password, even against the right one', async () => {
    const { user, store, attempt, row } = setUp();
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await attempt('wrong'));
    expect(answers).toEqual([...Array(4).fill({ kind: 'wrong_credentials' }), { kind: 'locked', until: minutes(15) }]);
    expect(row()).toMatchObject({ failedAttempts: 5, lockedUntil: minutes(15) });

    expect(await attempt(PASSWORD, minutes(14))).toEqual({ kind: 'locked', until: minutes(15) });
    expect(row()).toMatchObject({ failedAttempts: 5, lockedUntil: minutes(15), lastLoginAt: null });
    // The lock is written to the audit log once, when it happens.
    expect(store.state.audit.map((a) => [a.actor, a.action, a.subject, a.details])).toEqual([
      ['system', 'user.locked', `user:${user.id}`, { until: minutes(15).toISOString() }],
    ]);
  });

  it('lets the user in once the lock has passed, and starts counting afresh', async () => {
    const { attempt, row } = setUp({ failedAttempts: 5, lockedUntil: minutes(15) });
    expect(await attempt('wrong', minutes(15))).toEqual({ kind: 'wrong_credentials' });
    expect(row()).toMatchObject({ failedAttempts: 1, lockedUntil: null });
    expect(await attempt(PASSWORD, minutes(16))).toMatchObject({ kind: 'ok' });
    expect(row()).toMatchObject({ failedAttempts: 0, lockedUntil: null, lastLoginAt: minutes(16) });
  });

  it('resets earlier failures on success', async () => {
    const { attempt, row } = setUp({ failedAttempts: 3 });
    expect(await attempt(PASSWORD)).toMatchObject({ kind: 'ok', user: { failedAttempts: 0 } });
    expect(row()).toMatchObject({ failedAttempts: 0 });
  });

  it('never logs an inactive user in', async () => {
    const { attempt, row } = setUp({ active: false });
    expect(await attempt(PASSWORD)).toEqual({ kind: 'wrong_credentials' });
    expect(row()).toMatchObject({ failedAttempts: 1, lastLoginAt: null });
  });
});
