import type { StaffUser } from '../../accounts/accounts';
import { decideLogin } from '../../accounts/login';
import type { PasswordHasher, Repositories } from '../../ports';

export type StaffLoginResult = { kind: 'ok'; staff: StaffUser } | { kind: 'wrong_credentials' } | { kind: 'locked'; until: Date };

/**
 * Logs one of the distributor's staff in, with the resellers' rules (the answer never says
 * which part was wrong; five wrong passwords in a row lock the account for fifteen minutes).
 * Every attempt on a staff account is written to the audit log, failed ones included.
 */
export async function staffLogin(repos: Repositories, hasher: PasswordHasher, input: { username: string; password: string; now: Date; channel: string }): Promise<StaffLoginResult> {
  const staff = await repos.staff.lockByUsername(input.username.trim());
  const matches = await hasher.verify(input.password, staff?.passwordHash ?? hasher.dummyHash);
  if (!staff) return { kind: 'wrong_credentials' };
  const decision = decideLogin(staff, matches, input.now);
  await repos.staff.saveLoginRecord(staff.id, decision.record, decision.kind === 'ok' ? input.now : null);
  const subject = `staff:${staff.id}`;
  switch (decision.kind) {
    case 'ok':
      await repos.audit.append({ actor: subject, action: 'staff.login', subject, details: { channel: input.channel, role: staff.role } });
      return { kind: 'ok', staff: { ...staff, ...decision.record } };
    case 'wrong_credentials':
      await repos.audit.append({ actor: 'system', action: 'staff.login_failed', subject, details: { channel: input.channel, failedAttempts: decision.record.failedAttempts } });
      return { kind: 'wrong_credentials' };
    case 'locked':
      await repos.audit.append({ actor: 'system', action: decision.record.failedAttempts !== staff.failedAttempts ? 'staff.locked' : 'staff.login_while_locked', subject, details: { channel: input.channel, until: decision.until.toISOString() } });
      return { kind: 'locked', until: decision.until };
    default: {
      const never: never = decision;
      throw new Error(`unknown login decision ${JSON.stringify(never)}`);
    }
  }
}
