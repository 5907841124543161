import type { Knex } from 'knex';
import type { Account, AccountRef, Invitation, InvitationRepository, UserAdministration } from '../../../domain/admin/ports';
import { toStaffUser, toUser } from '../rows';

const TABLES = { reseller_user: 'reseller_users', staff_user: 'staff_users' } as const;

export function userAdministration(db: Knex.Transaction): UserAdministration {
  const load = async (ref: AccountRef, forUpdate = false): Promise<Account | undefined> => {
    const query = db(TABLES[ref.kind]).where({ id: ref.id }).first();
    const row = await (forUpdate ? query.forUpdate() : query);
    if (!row) return undefined;
    return ref.kind === 'reseller_user' ? { kind: ref.kind, user: toUser(row) } : { kind: ref.kind, user: toStaffUser(row) };
  };
  return {
    async create(account) {
      if (await db('login_names').where({ name: account.username.toLowerCase() }).first()) return 'username_taken';
      const columns = { username: account.username, name: account.name, role: account.role, password_hash: account.passwordHash };
      try {
        // A savepoint: a name taken by a racing insert must not abort the whole transaction.
        const [row] = await db.transaction((sp) => sp(TABLES[account.kind]).insert(account.kind === 'reseller_user' ? { ...columns, reseller_id: account.resellerId } : columns).returning('id'));
        return { kind: account.kind, id: String(row.id) };
      } catch (error) {
        if ((error as { constraint?: string }).constraint === 'login_names_pkey') return 'username_taken';
        throw error;
      }
    },
    async find(username, options) {
      const held = await db('login_names').where({ name: username.toLowerCase() }).first();
      if (!held) return undefined;
      const row = await db(held.held_by === 'staff_user' ? 'staff_users' : 'reseller_users').whereRaw('lower(username) = ?', [username.toLowerCase()]).first('id');
      return row ? load({ kind: held.held_by, id: String(row.id) }, options?.forUpdate) : undefined;
    },
    get: (ref, options) => load(ref, options?.forUpdate),
    async setRole(ref, role) {
      await db(TABLES[ref.kind]).where({ id: ref.id }).update({ role, updated_at: db.fn.now() });
    },
    async setPassword(ref, passwordHash) {
      await db(TABLES[ref.kind]).where({ id: ref.id }).update({ password_hash: passwordHash, failed_attempts: 0, locked_until: null, updated_at: db.fn.now() });
    },
    async deactivate(ref) {
      await db(TABLES[ref.kind]).where({ id: ref.id }).update({ active: false, updated_at: db.fn.now() });
      if (ref.kind === 'reseller_user') await db('channel_identities').where({ reseller_user_id: ref.id }).update({ reseller_user_id: null, updated_at: db.fn.now() });
    },
    async lockKeepers(of) {
      // FOR UPDATE reads a row a concurrent change committed meanwhile again: an owner demoted
      // while this waited is no longer among those answered.
      const keepers = of.kind === 'reseller_user'
        ? db('reseller_users').where({ reseller_id: of.user.resellerId, role: 'owner', active: true })
        : db('staff_users').where({ role: 'admin', active: true });
      return (await keepers.orderBy('id').forUpdate().pluck('id')).map(String);
    },
    async list(resellerId) {
      if (resellerId === null) return (await db('staff_users').orderBy(['name', 'username'])).map((r) => ({ kind: 'staff_user' as const, user: toStaffUser(r) }));
      return (await db('reseller_users').where({ reseller_id: resellerId }).orderBy(['name', 'username'])).map((r) => ({ kind: 'reseller_user' as const, user: toUser(r) }));
    },
  };
}

export function invitationRepository(db: Knex.Transaction): InvitationRepository {
  const toInvitation = (r: Record<string, unknown>): Invitation => ({
    id: String(r.id), purpose: r.purpose as Invitation['purpose'],
    account: r.reseller_user_id ? { kind: 'reseller_user', id: String(r.reseller_user_id) } : { kind: 'staff_user', id: String(r.staff_user_id) },
    createdBy: String(r.created_by), expiresAt: r.expires_at as Date, usedAt: (r.used_at as Date | null) ?? null, revokedAt: (r.revoked_at as Date | null) ?? null,
  });
  const column = (ref: AccountRef) => (ref.kind === 'reseller_user' ? 'reseller_user_id' : 'staff_user_id');
  const one = async (where: Record<string, string>, forUpdate?: boolean) => {
    const query = db('invitations').where(where).first();
    const row = await (forUpdate ? query.forUpdate() : query);
    return row ? toInvitation(row) : undefined;
  };
  return {
    async insert(i) {
      const [row] = await db('invitations').insert({ code_hash: i.codeHash, purpose: i.purpose, [column(i.account)]: i.account.id, created_by: i.createdBy, expires_at: i.expiresAt }).returning('*');
      return toInvitation(row);
    },
    findByHash: (codeHash, options) => one({ code_hash: codeHash }, options?.forUpdate),
    get: (id, options) => (/^[0-9a-f-]{36}$/i.test(id) ? one({ id }, options?.forUpdate) : Promise.resolve(undefined)),
    async revokeOpen(ref, at) {
      await db('invitations').where({ [column(ref)]: ref.id }).whereNull('used_at').whereNull('revoked_at').update({ revoked_at: at });
    },
    async markUsed(id, at, on) {
      await db('invitations').where({ id }).update({ used_at: at, used_on: on });
    },
  };
}
