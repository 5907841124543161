// users:invite, users:reset-password, users:role, users:remove, users:list.
import { z } from 'zod';
import { changeRole, inviteUser, listUsers, removeUser, resetPassword, type OwnersReseller, type UserSummary } from '../../domain/use-cases/admin/users';
import { invitationLines } from '../../domain/admin/invitation-lines';
import { invitationCodes } from '../../infra/auth/invitation-codes';
import { checkOptions, done, FORBIDDEN_LINE, refuse, text, usage, type AdminCliContext, type AdminCommand, type ParsedArgs } from './command';

const codes = invitationCodes();

/** How to use a code: the code, and the t.me link when the bot's username is known. */
function codeLines(ctx: AdminCliContext, user: UserSummary, code: string, expiresAt: Date): string[] {
  return invitationLines(user, code, expiresAt, ctx.telegramBot);
}
const codeJson = (ctx: AdminCliContext, code: string, expiresAt: Date) => ({ code, expiresAt: expiresAt.toISOString(), link: ctx.telegramBot ? `https://t.me/${ctx.telegramBot}?start=${code}` : null });

/** The one user name a command is about. */
function oneUsername(ctx: AdminCliContext, args: ParsedArgs): string | number {
  const [username, ...more] = args.positionals;
  return username && more.length === 0 ? username : usage(ctx, 'give the username (one)');
}

/** Why a reseller's last owner keeps the role, and what to do instead. */
const lastOwnerLine = (username: string, r: OwnersReseller) => `${username} is the last owner of ${r.company} (partner ${r.partnerId}), who manages its users and approves its sales users' orders: make another of its users owner first (users:role <username> --role owner, or users:invite … --role owner --reseller ${r.partnerId})`;

const inviteOptions = z.object({ username: text(60), name: text(100), role: text(20), reseller: text(40).optional() });

const invite: AdminCommand = {
  usage: 'users:invite --username <login name> --name <full name> --role owner|purchase|sales|support --reseller <partner id> | --role staff|admin',
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(inviteOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    if (positionals.length > 0) return usage(ctx, `unexpected ${positionals[0]}: every value goes with its option`);
    const o = checked.value;
    const result = await inviteUser(ctx.store, { codes, hasher: ctx.hasher }, { actor: ctx.actor, username: o.username, name: o.name, role: o.role, partnerId: o.reseller ?? null, now: ctx.now() });
    switch (result.kind) {
      case 'invited': return done(ctx, { kind: 'invited', user: result.user, ...codeJson(ctx, result.code, result.expiresAt) }, codeLines(ctx, result.user, result.code, result.expiresAt));
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'username_taken': return refuse(ctx, `the username ${o.username} is taken (by a reseller user or a staff member)`, result);
      case 'invalid_username': return refuse(ctx, '--username must be 3 to 60 letters, digits or . _ @ -, and not a greeting (hello, hey …)', result);
      case 'invalid_name': return refuse(ctx, '--name must be 2 to 100 characters', result);
      case 'invalid_role': return refuse(ctx, `--role must be one of ${result.roles.join(', ')}`, result);
      case 'reseller_needed': return refuse(ctx, `a reseller user needs --reseller <partner id> (or --role staff|admin for the distributor's staff)`, result);
      case 'no_reseller_for_staff': return refuse(ctx, 'a staff member belongs to no reseller: leave --reseller out', result);
      case 'reseller_not_found': return refuse(ctx, `no reseller with partner id ${result.partnerId}`, result);
      // Only an owner's action on another reseller's user is refused so; the CLI acts as staff.
      case 'other_reseller': throw new Error('a staff actor was refused as an owner');
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const none = z.object({});

const reset: AdminCommand = {
  usage: 'users:reset-password <username>',
  async run(ctx, args) {
    const checked = checkOptions(none, args.options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    const username = oneUsername(ctx, args);
    if (typeof username === 'number') return username;
    const result = await resetPassword(ctx.store, codes, { actor: ctx.actor, username, now: ctx.now() });
    switch (result.kind) {
      case 'reset': return done(ctx, { kind: 'reset', user: result.user, ...codeJson(ctx, result.code, result.expiresAt) }, codeLines(ctx, result.user, result.code, result.expiresAt));
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'not_found': return refuse(ctx, `no user ${username}`, result);
      case 'inactive': return refuse(ctx, `user ${username} was removed`, result);
      // Only an owner is refused so (their own code, another reseller's user); the CLI acts as staff.
      case 'yourself':
      case 'other_reseller':
        throw new Error('a staff actor was refused as an owner');
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const roleOptions = z.object({ role: text(20) });

const role: AdminCommand = {
  usage: 'users:role <username> --role <role>',
  async run(ctx, args) {
    const checked = checkOptions(roleOptions, args.options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    const username = oneUsername(ctx, args);
    if (typeof username === 'number') return username;
    const result = await changeRole(ctx.store, { actor: ctx.actor, username, role: checked.value.role });
    switch (result.kind) {
      case 'role_changed': return done(ctx, result, [`${username} is ${result.after.role} now (was ${result.before.role})`]);
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'not_found': return refuse(ctx, `no user ${username}`, result);
      case 'inactive': return refuse(ctx, `user ${username} was removed`, result);
      case 'same_role': return refuse(ctx, `${username} has that role already`, result);
      case 'own_role': return refuse(ctx, 'you cannot change your own role', result);
      case 'last_admin': return refuse(ctx, `${username} is the last administrator`, result);
      case 'last_owner': return refuse(ctx, lastOwnerLine(username, result.reseller), result);
      case 'invalid_role': return refuse(ctx, `--role must be one of ${result.roles.join(', ')} for ${username}`, result);
      // Only an owner's action on another reseller's user is refused so; the CLI acts as staff.
      case 'other_reseller': throw new Error('a staff actor was refused as an owner');
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const remove: AdminCommand = {
  usage: 'users:remove <username>',
  async run(ctx, args) {
    const checked = checkOptions(none, args.options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    const username = oneUsername(ctx, args);
    if (typeof username === 'number') return username;
    const result = await removeUser(ctx.store, { actor: ctx.actor, username, now: ctx.now() });
    switch (result.kind) {
      case 'removed': return done(ctx, result, [`${username} is removed: logged out of every chat, cannot log in; the history is kept`]);
      case 'forbidden': return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
      case 'not_found': return refuse(ctx, `no user ${username}`, result);
      case 'inactive': return refuse(ctx, `user ${username} was removed already`, result);
      case 'yourself': return refuse(ctx, 'you cannot remove yourself', result);
      case 'last_admin': return refuse(ctx, `${username} is the last administrator`, result);
      case 'last_owner': return refuse(ctx, lastOwnerLine(username, result.reseller), result);
      // Only an owner's action on another reseller's user is refused so; the CLI acts as staff.
      case 'other_reseller': throw new Error('a staff actor was refused as an owner');
      default: {
        const never: never = result;
        throw new Error(`unknown result ${JSON.stringify(never)}`);
      }
    }
  },
};

const listOptions = z.object({ reseller: text(40).optional(), staff: z.literal(true).optional() });

const list: AdminCommand = {
  usage: 'users:list --reseller <partner id> | --staff',
  flags: ['staff'],
  async run(ctx, { positionals, options }) {
    const checked = checkOptions(listOptions, options);
    if (checked.kind !== 'ok') return usage(ctx, checked.problem);
    const { reseller, staff } = checked.value;
    if (positionals.length > 0 || (reseller === undefined) === (staff === undefined)) return usage(ctx, 'give --reseller <partner id> or --staff');
    const result = await listUsers(ctx.store, { actor: ctx.actor, partnerId: reseller ?? null });
    if (result.kind === 'reseller_not_found') return refuse(ctx, `no reseller with partner id ${reseller}`, result);
    if (result.kind !== 'listed') throw new Error(`a staff actor was refused as an owner: ${result.kind}`);
    return done(ctx, result, result.users.length === 0 ? ['no users'] : result.users.map((u) => `${u.username}\t${u.name}\t${u.role}${u.active ? '' : '\tremoved'}`));
  },
};

export const userCommands: Record<string, AdminCommand> = {
  'users:invite': invite,
  'users:reset-password': reset,
  'users:role': role,
  'users:remove': remove,
  'users:list': list,
};
