import type { ResellerUser } from '../accounts/accounts';
import { decideLogin } from '../accounts/login';
import type { PasswordHasher, Repositories } from '../ports';

export type LoginResult =
  | { kind: 'ok'; user: ResellerUser }
  | { kind: 'wrong_credentials' }
  | { kind: 'locked'; until: Date };

/**
 * Logs a user in with username and password. The answer never says which of the two was
 * wrong, an unknown username costs the same hash check as a known one, and five wrong
 * passwords in a row lock the user for fifteen minutes — a username nobody has too, so that
 * the lock does not tell who exists.
 */
export async function login(repos: Repositories, hasher: PasswordHasher, input: { username: string; password: string; now: Date }): Promise<LoginResult> {
  const username = input.username.trim();
  const user = username ? await repos.users.lockByUsername(username) : undefined;
  const matches = await hasher.verify(input.password, user?.passwordHash ?? hasher.dummyHash);
  if (!user) return unknownUsername(repos, username, input.now);
  const decision = decideLogin(user, matches, input.now);
  await repos.users.saveLoginRecord(user.id, decision.record, decision.kind === 'ok' ? input.now : null);
  switch (decision.kind) {
    case 'ok':
      await repos.audit.append({ actor: `user:${user.id}`, action: 'user.login', subject: null, details: {} });
      return { kind: 'ok', user: { ...user, ...decision.record } };
    case 'wrong_credentials':
      return { kind: 'wrong_credentials' };
    case 'locked':
      if (decision.record.failedAttempts !== user.failedAttempts) {
        await repos.audit.append({ actor: 'system', action: 'user.locked', subject: `user:${user.id}`, details: { until: decision.until.toISOString() } });
      }
      return { kind: 'locked', until: decision.until };
    default: {
      const never: never = decision;
      throw new Error(`unknown login decision ${JSON.stringify(never)}`);
    }
  }
}

/** A username nobody has fails as a user's wrong password does: counted, and locked after five. */
async function unknownUsername(repos: Repositories, username: string, now: Date): Promise<LoginResult> {
  if (!username) return { kind: 'wrong_credentials' };
  const key = username.toLowerCase();
  const decision = decideLogin(await repos.loginFailures.lock(key), false, now);
  await repos.loginFailures.save(key, decision.record);
  return decision.kind === 'locked' ? { kind: 'locked', until: decision.until } : { kind: 'wrong_credentials' };
}
