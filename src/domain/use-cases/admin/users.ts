// The Admin portal's users: invite a reseller user or a staff member with a role (a one-time
// code), give a user a new code to set a password again, change a role, remove a user (kept,
// deactivated, logged out everywhere), list them. Every change is audited before and after. A
// reseller's last active owner and the distributor's last administrator keep their role.
// A reseller's owner invites, lists, re-roles, removes and gives a new password code to the users
// of their own reseller through the same use cases (never a staff member, never another reseller's
// user; no code for themselves).
import { isValidUsername } from '../../accounts/usernames';
import { isRole, ROLES } from '../../accounts/roles';
import { actorLabel, refuseUnlessAdmin, type Forbidden, type OwnerActor, type UsersActor } from '../../admin/actor';
import { lastKeeper } from '../../admin/keepers';
import type { Account, AccountRef, AdminRepositories, AdminStore, InvitationCodes } from '../../admin/ports';
import type { PasswordHasher } from '../../ports';

/** How long a code works. */
export const INVITATION_DAYS = 7;
export const STAFF_ROLES = ['staff', 'admin'] as const;
export type AnyRole = (typeof ROLES)[number] | (typeof STAFF_ROLES)[number];

const isStaffRole = (role: string): role is (typeof STAFF_ROLES)[number] => (STAFF_ROLES as readonly string[]).includes(role);

/** A user as the commands show it. */
export interface UserSummary {
  kind: Account['kind'];
  id: string;
  username: string;
  name: string;
  role: string;
  active: boolean;
  resellerId: string | null;
}

export const summaryOf = (a: Account): UserSummary => ({
  kind: a.kind, id: a.user.id, username: a.user.username, name: a.user.name, role: a.user.role, active: a.user.active, resellerId: a.kind === 'reseller_user' ? a.user.resellerId : null,
});
const refOf = (a: Account): AccountRef => ({ kind: a.kind, id: a.user.id });

/** An owner's refusal of a user (or a reseller) that is not of their own reseller: nothing is changed. */
export type OtherReseller = { kind: 'other_reseller' };

/**
 * For an owner: the refusal when they are no longer an active owner of their reseller (read in
 * this transaction, after any lock that orders it), or when `account` is not a user of that
 * reseller (a staff member, or another reseller's user); undefined when they may go on.
 */
async function refuseOwner(repos: AdminRepositories, actor: OwnerActor, account?: Account): Promise<Forbidden | OtherReseller | undefined> {
  const me = await repos.admin.users.get({ kind: 'reseller_user', id: actor.id });
  if (me?.kind !== 'reseller_user' || !me.user.active || me.user.role !== 'owner' || me.user.resellerId !== actor.resellerId) return { kind: 'forbidden', needed: 'owner' };
  if (account && (account.kind !== 'reseller_user' || account.user.resellerId !== actor.resellerId)) return { kind: 'other_reseller' };
  return undefined;
}

/** An administrator's refusal (checked before any transaction: the role is the actor's as given). */
const refuseStaff = (actor: UsersActor) => (actor.kind === 'staff' ? refuseUnlessAdmin(actor) : undefined);

/** Whether `account` is the actor's own: an administrator's role and removal are another's to change, an owner's too. */
const isSelf = (account: Account, actor: UsersActor) => account.user.id === actor.id && account.kind === (actor.kind === 'owner' ? 'reseller_user' : 'staff_user');

export type InviteResult =
  | { kind: 'invited'; user: UserSummary; code: string; expiresAt: Date }
  | { kind: 'username_taken' | 'invalid_username' | 'invalid_name' | 'reseller_needed' | 'no_reseller_for_staff' }
  | { kind: 'invalid_role'; roles: readonly string[] }
  | { kind: 'reseller_not_found'; partnerId: string }
  | OtherReseller
  | Forbidden;

/**
 * Invites a person: a reseller user (`partnerId` and one of its roles) or a staff member
 * (role staff or admin). The account can be used once the code is redeemed with a password.
 * An owner invites users of their own reseller only.
 */
export async function inviteUser(
  store: AdminStore,
  deps: { codes: InvitationCodes; hasher: PasswordHasher },
  input: { actor: UsersActor; username: string; name: string; role: string; partnerId: string | null; now: Date },
): Promise<InviteResult> {
  const forbidden = refuseStaff(input.actor);
  if (forbidden) return forbidden;
  const { actor } = input;
  const username = input.username.trim();
  const name = input.name.trim();
  const role = input.role.trim().toLowerCase();
  if (!isValidUsername(username)) return { kind: 'invalid_username' };
  if (name.length < 2 || name.length > 100) return { kind: 'invalid_name' };
  if (actor.kind === 'owner' && !isRole(role)) return { kind: 'invalid_role', roles: ROLES };
  if (!isRole(role) && !isStaffRole(role)) return { kind: 'invalid_role', roles: [...ROLES, ...STAFF_ROLES] };
  if (isRole(role) && input.partnerId === null) return { kind: 'reseller_needed' };
  if (isStaffRole(role) && input.partnerId !== null) return { kind: 'no_reseller_for_staff' };
  // Nobody can log in with this: the password is the user's to choose with the code.
  const unusable = await deps.hasher.hash(deps.codes.issue());
  return store.transaction(async (repos): Promise<InviteResult> => {
    const refused = actor.kind === 'owner' ? await refuseOwner(repos, actor) : undefined;
    if (refused) return refused;
    let created: AccountRef | 'username_taken';
    if (isRole(role)) {
      const reseller = await repos.resellers.findByPartnerId((input.partnerId as string).trim());
      if (!reseller) return { kind: 'reseller_not_found', partnerId: input.partnerId as string };
      if (actor.kind === 'owner' && reseller.id !== actor.resellerId) return { kind: 'other_reseller' };
      created = await repos.admin.users.create({ kind: 'reseller_user', resellerId: reseller.id, username, name, role, passwordHash: unusable });
    } else {
      created = await repos.admin.users.create({ kind: 'staff_user', username, name, role, passwordHash: unusable });
    }
    if (created === 'username_taken') return { kind: 'username_taken' };
    const account = (await repos.admin.users.get(created)) as Account;
    const issued = await issueCode(repos, deps.codes, { account, purpose: 'invite', actor: input.actor, now: input.now });
    await repos.audit.append({ actor: actorLabel(input.actor), action: 'user.invited', subject: subjectOf(account), details: { before: null, after: summaryOf(account), expiresAt: issued.expiresAt.toISOString() } });
    return { kind: 'invited', user: summaryOf(account), ...issued };
  });
}

async function issueCode(repos: AdminRepositories, codes: InvitationCodes, input: { account: Account; purpose: 'invite' | 'reset'; actor: UsersActor; now: Date }) {
  const code = codes.issue();
  const expiresAt = new Date(input.now.getTime() + INVITATION_DAYS * 86_400_000);
  await repos.admin.invitations.revokeOpen(refOf(input.account), input.now);
  await repos.admin.invitations.insert({ codeHash: codes.hashOf(code) as string, purpose: input.purpose, account: refOf(input.account), createdBy: actorLabel(input.actor), expiresAt });
  return { code, expiresAt };
}

const subjectOf = (a: Account) => `${a.kind === 'reseller_user' ? 'user' : 'staff'}:${a.user.id}`;

export type ResetResult = { kind: 'reset'; user: UserSummary; code: string; expiresAt: Date } | { kind: 'not_found' | 'inactive' | 'yourself' } | OtherReseller | Forbidden;

/**
 * A new one-time code for a user to choose a password again (earlier unused codes stop working).
 * Nothing else changes: the user stays logged in where they are, and their password works until
 * they choose a new one with the code. An owner gives one to a colleague of their own reseller,
 * not to themselves (another owner, or an administrator, does that).
 */
export async function resetPassword(store: AdminStore, codes: InvitationCodes, input: { actor: UsersActor; username: string; now: Date }): Promise<ResetResult> {
  const forbidden = refuseStaff(input.actor);
  if (forbidden) return forbidden;
  const { actor } = input;
  return store.transaction(async (repos): Promise<ResetResult> => {
    const account = await repos.admin.users.find(input.username.trim(), { forUpdate: true });
    if (!account) return { kind: 'not_found' };
    const refused = actor.kind === 'owner' ? await refuseOwner(repos, actor, account) : undefined;
    if (refused) return refused;
    if (!account.user.active) return { kind: 'inactive' };
    if (actor.kind === 'owner' && isSelf(account, actor)) return { kind: 'yourself' };
    const issued = await issueCode(repos, codes, { account, purpose: 'reset', actor, now: input.now });
    await repos.audit.append({ actor: actorLabel(actor), action: 'user.password_reset', subject: subjectOf(account), details: { expiresAt: issued.expiresAt.toISOString() } });
    return { kind: 'reset', user: summaryOf(account), ...issued };
  });
}

/** The reseller whose last owner a change would take away, as the refusal names it. */
export interface OwnersReseller {
  partnerId: string;
  company: string;
}

/** A change refused because it would leave no active owner at the reseller, or no administrator. */
export type LastKeeperRefusal = { kind: 'last_owner'; reseller: OwnersReseller } | { kind: 'last_admin' };

/**
 * The account with this login name, locked, with the ids of the accounts that must not run out
 * beside it (its reseller's active owners, or the active administrators), locked before it: two
 * admins demoting a reseller's two remaining owners at once leave one of them owner.
 */
async function lockedWithKeepers(repos: AdminRepositories, username: string): Promise<{ account: Account; keepers: string[] } | undefined> {
  const found = await repos.admin.users.find(username.trim());
  if (!found) return undefined;
  const keepers = await repos.admin.users.lockKeepers(found);
  const account = await repos.admin.users.get(refOf(found), { forUpdate: true });
  return account && { account, keepers };
}

/** The refusal when `account` is the last of its keepers (see `lastKeeper`), else undefined. */
async function refuseLastKeeper(repos: AdminRepositories, account: Account, keepers: readonly string[]): Promise<LastKeeperRefusal | undefined> {
  const last = lastKeeper(account, keepers);
  if (last === null) return undefined;
  if (account.kind === 'staff_user') return { kind: 'last_admin' };
  const reseller = await repos.resellers.get(account.user.resellerId);
  return { kind: 'last_owner', reseller: { partnerId: reseller?.partnerId ?? '', company: reseller?.company ?? '' } };
}

export type RoleResult =
  | { kind: 'role_changed'; before: UserSummary; after: UserSummary }
  | { kind: 'not_found' | 'inactive' | 'same_role' | 'own_role' }
  | LastKeeperRefusal
  | { kind: 'invalid_role'; roles: readonly string[] }
  | OtherReseller
  | Forbidden;

/**
 * Changes a user's role within its kind (a reseller role, or staff/admin); a reseller's last
 * active owner stays owner, and the last administrator stays one. An owner changes the roles of
 * their own reseller's users, not their own.
 */
export async function changeRole(store: AdminStore, input: { actor: UsersActor; username: string; role: string }): Promise<RoleResult> {
  const forbidden = refuseStaff(input.actor);
  if (forbidden) return forbidden;
  const { actor } = input;
  const role = input.role.trim().toLowerCase();
  return store.transaction(async (repos): Promise<RoleResult> => {
    const locked = await lockedWithKeepers(repos, input.username);
    if (!locked) return { kind: 'not_found' };
    const { account, keepers } = locked;
    // After the locks: of two owners demoting each other at once, the second is no owner any more.
    const refused = actor.kind === 'owner' ? await refuseOwner(repos, actor, account) : undefined;
    if (refused) return refused;
    if (!account.user.active) return { kind: 'inactive' };
    const roles = account.kind === 'reseller_user' ? ROLES : STAFF_ROLES;
    if (!(roles as readonly string[]).includes(role)) return { kind: 'invalid_role', roles };
    if (account.user.role === role) return { kind: 'same_role' };
    // A reseller's only owner is told why first: they are its last owner.
    const last = await refuseLastKeeper(repos, account, keepers);
    if (isSelf(account, actor) && !(actor.kind === 'owner' && last)) return { kind: 'own_role' };
    if (last) return last;
    await repos.admin.users.setRole(refOf(account), role);
    const after = (await repos.admin.users.get(refOf(account))) as Account;
    await repos.audit.append({ actor: actorLabel(input.actor), action: 'user.role_changed', subject: subjectOf(account), details: { before: { role: account.user.role }, after: { role } } });
    return { kind: 'role_changed', before: summaryOf(account), after: summaryOf(after) };
  });
}

export type RemoveResult = { kind: 'removed'; user: UserSummary } | { kind: 'not_found' | 'inactive' | 'yourself' } | LastKeeperRefusal | OtherReseller | Forbidden;

/**
 * Removes a user: deactivated (its history stays), logged out of every chat, its codes revoked;
 * not a reseller's last active owner, nor the last administrator. An owner removes their own
 * reseller's users, not themselves.
 */
export async function removeUser(store: AdminStore, input: { actor: UsersActor; username: string; now: Date }): Promise<RemoveResult> {
  const forbidden = refuseStaff(input.actor);
  if (forbidden) return forbidden;
  const { actor } = input;
  return store.transaction(async (repos): Promise<RemoveResult> => {
    const locked = await lockedWithKeepers(repos, input.username);
    if (!locked) return { kind: 'not_found' };
    const { account, keepers } = locked;
    const refused = actor.kind === 'owner' ? await refuseOwner(repos, actor, account) : undefined;
    if (refused) return refused;
    if (!account.user.active) return { kind: 'inactive' };
    const last = await refuseLastKeeper(repos, account, keepers);
    if (isSelf(account, actor) && !(actor.kind === 'owner' && last)) return { kind: 'yourself' };
    if (last) return last;
    await repos.admin.users.deactivate(refOf(account));
    await repos.admin.invitations.revokeOpen(refOf(account), input.now);
    await repos.audit.append({ actor: actorLabel(input.actor), action: 'user.removed', subject: subjectOf(account), details: { before: { active: true }, after: { active: false } } });
    return { kind: 'removed', user: { ...summaryOf(account), active: false } };
  });
}

export type ListUsersResult = { kind: 'listed'; users: UserSummary[] } | { kind: 'reseller_not_found' } | OtherReseller | Forbidden;

/** A reseller's users (by partner id), or the distributor's staff (`partnerId` null); an owner's own reseller's only. */
export async function listUsers(store: AdminStore, input: { actor: UsersActor; partnerId: string | null }): Promise<ListUsersResult> {
  const { actor } = input;
  return store.transaction(async (repos): Promise<ListUsersResult> => {
    const refused = actor.kind === 'owner' ? await refuseOwner(repos, actor) : undefined;
    if (refused) return refused;
    if (input.partnerId === null) return actor.kind === 'owner' ? { kind: 'other_reseller' } : { kind: 'listed', users: (await repos.admin.users.list(null)).map(summaryOf) };
    const reseller = await repos.resellers.findByPartnerId(input.partnerId.trim());
    if (!reseller) return { kind: 'reseller_not_found' };
    if (actor.kind === 'owner' && reseller.id !== actor.resellerId) return { kind: 'other_reseller' };
    return { kind: 'listed', users: (await repos.admin.users.list(reseller.id)).map(summaryOf) };
  });
}
