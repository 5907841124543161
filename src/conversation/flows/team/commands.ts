// What the team flow asks the domain, for a logged-in reseller user: the Admin portal's user use
// cases (through the same desk as an administrator's: listing, inviting, a new password code,
// another role, removing), with the owner as the actor, scoped to
// their own reseller. The interpreter hands over the user and reseller as stored now; the use
// cases read the owner again in their own transaction, so an owner made purchase meanwhile, or a
// user of another reseller, changes nothing.
import type { Role } from '../../../domain/accounts/roles';
import type { OwnerActor } from '../../../domain/admin/actor';
import type { AccountEnv, CommandHandlers } from '../../commands';
import { inviteToReseller, resellerView, type InviteOutcome } from '../admin/commands';
import type { ResellerView } from '../admin/types';
import { actOn, usersInOrder, type ActOutcome } from '../people/commands';
import type { TeamAction, TeamMember } from './types';

export type TeamCommand =
  | { kind: 'team_users' }
  | { kind: 'team_invite'; role: Role; username: string; name: string }
  | { kind: 'team_act'; action: TeamAction };

export type TeamAnswer =
  /** null: users cannot be listed from this chat now. */
  | { kind: 'team_users'; reseller: ResellerView; users: TeamMember[] | null }
  | { kind: 'team_invited'; reseller: ResellerView; role: Role; result: InviteOutcome }
  | { kind: 'team_done'; reseller: ResellerView; action: TeamAction; result: ActOutcome }
  /** The user is not (any more) an owner: nothing was done (`role`: theirs as stored now). */
  | { kind: 'team_owners_only'; role: Role };

const ownerOf = ({ user }: AccountEnv): OwnerActor => ({ kind: 'owner', id: user.id, resellerId: user.resellerId });
const ownersOnly = ({ user }: AccountEnv): TeamAnswer => ({ kind: 'team_owners_only', role: user.role });

export const teamCommands: CommandHandlers<TeamCommand['kind']> = {
  team_users: async (_command, env) => {
    const reseller = resellerView(env.reseller);
    const desk = env.ctx.admin?.people;
    if (!desk) return { kind: 'team_users', reseller, users: null };
    const result = await desk.listUsers({ actor: ownerOf(env), partnerId: env.reseller.partnerId });
    if (result.kind === 'forbidden') return ownersOnly(env);
    if (result.kind !== 'listed') return { kind: 'team_users', reseller, users: null };
    const users = usersInOrder(result.users);
    const chats = await env.repos.identities.chatsOf(users.filter((u) => u.active).map((u) => u.id));
    const channels = (userId: string, isPrivate: boolean) => chats.filter((c) => c.userId === userId && c.private === isPrivate).map((c) => c.channel);
    return { kind: 'team_users', reseller, users: users.map((u) => ({ ...u, chats: channels(u.id, true), groups: channels(u.id, false) })) };
  },
  team_invite: async (command, env) => {
    const reseller = resellerView(env.reseller);
    if (!env.ctx.admin) return { kind: 'team_invited', reseller, role: command.role, result: { kind: 'not_available' } };
    const result = await inviteToReseller(env.ctx.admin, { actor: ownerOf(env), reseller, role: command.role, username: command.username, name: command.name, now: env.ctx.now });
    return result === 'forbidden' ? ownersOnly(env) : { kind: 'team_invited', reseller, role: command.role, result };
  },
  team_act: async (command, env) => {
    const result = await actOn(command.action, ownerOf(env), env.ctx);
    return result === 'forbidden' ? ownersOnly(env) : { kind: 'team_done', reseller: resellerView(env.reseller), action: command.action, result };
  },
};
