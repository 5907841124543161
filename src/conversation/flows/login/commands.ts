// Logging in and out, and recognising in a group a user who logged in privately.
import type { Reseller, ResellerUser } from '../../../domain/accounts/accounts';
import { login } from '../../../domain/use-cases/login';
import type { Answer, CommandEnv, CommandHandlers, PublicCommandHandlers } from '../../commands';
import type { Session } from '../../state';
import { invitationCommands, type InvitationAnswer, type InvitationCommand } from './invitation';
import { logInStaff, recogniseStaffInGroup } from '../staff/commands';

export type LoginCommand = { kind: 'login'; username: string; password: string } | { kind: 'linked_session' } | { kind: 'logout' } | InvitationCommand;

export type LoginAnswer =
  | { kind: 'logged_in'; session: Session }
  | { kind: 'login_refused'; reason: 'wrong_credentials' | 'private_only' }
  /** A member of staff in a group that is not the staff chat (`staffChat`: whether there is one). */
  | { kind: 'login_refused'; reason: 'staff_private_only'; staffChat: boolean }
  | { kind: 'login_refused'; reason: 'suspended'; distributor: string }
  | { kind: 'login_refused'; reason: 'locked'; until: string }
  | { kind: 'logged_out' }
  | { kind: 'session_ended' }
  | InvitationAnswer;

export const loginCommands: PublicCommandHandlers<'login' | 'linked_session' | InvitationCommand['kind']> = {
  ...invitationCommands,
  login: async (command, env) => {
    const { repos, ctx } = env;
    // Login names are unique across reseller and staff users: a staff name logs in as staff.
    if (await repos.staff.findByUsername(command.username.trim())) return staffLoginAnswer(env, command);
    const result = await login(repos, ctx.hasher, { username: command.username, password: command.password, now: ctx.now });
    if (result.kind === 'wrong_credentials') return { kind: 'login_refused', reason: 'wrong_credentials' };
    if (result.kind === 'locked') return { kind: 'login_refused', reason: 'locked', until: result.until.toISOString() };
    const account = await currentAccount(env, result.user.id);
    if (!account) return (await suspension(env, result.user)) ?? { kind: 'login_refused', reason: 'wrong_credentials' };
    return loggedIn(env, account);
  },
  linked_session: async (_command, env) => {
    const { repos, ctx } = env;
    const userId = await repos.identities.linkedUser(ctx.channel, ctx.externalUserId);
    const account = userId ? await currentAccount(env, userId) : undefined;
    if (!account) {
      const user = userId ? await repos.users.get(userId) : undefined;
      const refusal = user && (await suspension(env, user));
      if (refusal) return refusal;
      // A member of staff who logged in privately: recognised in the staff chat, told where to go elsewhere.
      const staff = userId ? undefined : await recogniseStaffInGroup(env);
      if (staff?.kind === 'staff_logged_in') return { kind: 'logged_in', session: staff.session };
      if (staff?.kind === 'not_staff_chat') return { kind: 'login_refused', reason: 'staff_private_only', staffChat: ctx.staffChat !== undefined };
      return { kind: 'login_refused', reason: 'private_only' };
    }
    return loggedIn(env, account);
  },
};

export const logoutCommands: CommandHandlers<'logout'> = {
  logout: async (_command, { repos, ctx, user }) => {
    // Logged out everywhere on this channel: a group chat would otherwise log the user back in.
    await repos.identities.unlinkAll(ctx.channel, ctx.externalUserId);
    await repos.audit.append({ actor: `user:${user.id}`, action: 'user.logout', subject: null, details: { channel: ctx.channel } });
    return { kind: 'logged_out' };
  },
};

/** The logged-in user as stored now: a deactivated user, a deleted account or a suspended reseller is no account. */
export async function currentAccount({ repos }: Pick<CommandEnv, 'repos'>, userId: string): Promise<{ user: ResellerUser; reseller: Reseller } | undefined> {
  const user = await repos.users.get(userId);
  if (!user || !user.active) return undefined;
  const reseller = await repos.resellers.get(user.resellerId);
  return reseller && reseller.suspendedAt === null ? { user, reseller } : undefined;
}

/** The refusal of a user whose reseller an administrator suspended (told only after the right password). */
async function suspension({ repos }: Pick<CommandEnv, 'repos'>, user: ResellerUser): Promise<Answer | undefined> {
  const reseller = await repos.resellers.get(user.resellerId);
  if (!user.active || !reseller?.suspendedAt) return undefined;
  return { kind: 'login_refused', reason: 'suspended', distributor: (await repos.distributor.get()).name };
}

async function loggedIn({ repos, ctx }: CommandEnv, { user, reseller }: { user: ResellerUser; reseller: Reseller }): Promise<Answer> {
  await repos.identities.link({ channel: ctx.channel, externalUserId: ctx.externalUserId, chatId: ctx.chatId }, user.id);
  // A chat that was logged in as staff is a reseller's now.
  await repos.staffSessions.end({ channel: ctx.channel, externalUserId: ctx.externalUserId, chatId: ctx.chatId });
  const distributor = await repos.distributor.get();
  const cartCount = (await repos.carts.lines(user.id)).length;
  const session: Session = {
    userId: user.id, name: user.name, role: user.role, company: reseller.company, cartCount, currency: distributor.currency,
    discountBp: reseller.discountBp, vatBp: reseller.vatRateBp,
  };
  return { kind: 'logged_in', session };
}

/** The login of a member of staff, answered as any login is. */
async function staffLoginAnswer(env: CommandEnv, command: { username: string; password: string }): Promise<Answer> {
  const result = await logInStaff(env, command);
  if (result.kind === 'wrong_credentials') return { kind: 'login_refused', reason: 'wrong_credentials' };
  if (result.kind === 'locked') return { kind: 'login_refused', reason: 'locked', until: result.until.toISOString() };
  return { kind: 'logged_in', session: result.session };
}
