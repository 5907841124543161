import { staffLoginRecords } from './staff-desk';
import type { Knex } from 'knex';
import { PRIVATE_CHAT } from './private-chat';
import type { DistributorSettings, EndCustomer, Reseller } from '../../domain/accounts/accounts';
import type { Referral } from '../../domain/dashboard/dashboard';
import type {
  AuditLog, ChatLogin, CustomerRepository, LoginFailureRepository, IdentityRepository, DistributorRepository, NoticeRepository, ReferralRepository, ResellerRepository, StaffUserRepository, UserRepository,
} from '../../domain/ports';
import { countOf, toReseller, toStaffUser, toUser } from './rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** PostgreSQL's code for a unique index refusing a row. */
const UNIQUE_VIOLATION = '23505';

export function distributorRepository(db: Knex.Transaction): DistributorRepository {
  return {
    async get(): Promise<DistributorSettings> {
      const r = await db('distributor_settings').where({ id: 1 }).first();
      if (!r) throw new Error('distributor settings are missing: run `npm run demo:reset` or load your settings');
      return {
        name: r.name, currency: r.currency, timezone: r.timezone, bankAccounts: r.bank_accounts, offlinePaymentDays: r.offline_payment_days,
        legalName: r.legal_name ?? r.name,
        address: r.address_country === null ? null : { street: r.address_street, postcode: r.address_postcode, city: r.address_city, country: r.address_country },
        vatId: r.vat_id ?? null,
        chamberOfCommerce: r.chamber_of_commerce ?? null,
      };
    },
  };
}

export function resellerRepository(db: Knex.Transaction): ResellerRepository {
  // A reseller's VAT is judged against the distributor's country, read in the same query.
  const withCountry = () => db('resellers').select('resellers.*', db.raw('(select address_country from distributor_settings where id = 1) as distributor_country'));
  const load = (r: Record<string, unknown> | undefined): Reseller | undefined => (r ? toReseller(r, (r.distributor_country as string | null) ?? null) : undefined);
  return {
    async get(id): Promise<Reseller | undefined> {
      return load(await withCountry().where('resellers.id', id).first());
    },
    async findByPartnerId(partnerId, options) {
      const query = withCountry().where('resellers.partner_id', partnerId).first();
      return load(await (options?.forUpdate ? query.forUpdate('resellers') : query));
    },
    async updateProfile(id, change) {
      const columns: Record<string, unknown> = {};
      if (change.legalName !== undefined) columns.legal_name = change.legalName;
      if (change.address !== undefined) {
        Object.assign(columns, { address_street: change.address.street, address_postcode: change.address.postcode, address_city: change.address.city, country: change.address.country });
      }
      if (change.country !== undefined) columns.country = change.country;
      if (change.vatId !== undefined) columns.vat_id = change.vatId;
      if (change.vatIdVerified !== undefined) columns.vat_id_verified = change.vatIdVerified;
      if (change.vatIdCheckedAt !== undefined) columns.vat_id_checked_at = change.vatIdCheckedAt;
      if (change.explicitVatRateBp !== undefined) columns.vat_rate_bp = change.explicitVatRateBp;
      if (change.timezone !== undefined) columns.timezone = change.timezone;
      if (change.currency !== undefined) columns.currency = change.currency;
      if (change.levelCode !== undefined) columns.level_code = change.levelCode;
      if (change.discountBp !== undefined) columns.discount_bp = change.discountBp;
      if (Object.keys(columns).length > 0) await db('resellers').where({ id }).update({ ...columns, updated_at: db.fn.now() });
      const updated = load(await withCountry().where('resellers.id', id).first());
      if (!updated) throw new Error(`reseller ${id} does not exist`);
      return updated;
    },
  };
}

export function staffUserRepository(db: Knex.Transaction): StaffUserRepository {
  return {
    ...staffLoginRecords(db),
    async get(id) {
      const r = await db('staff_users').where({ id }).first();
      return r && toStaffUser(r);
    },
    async findByUsername(username) {
      const r = await db('staff_users').whereRaw('lower(username) = lower(?)', [username]).first();
      return r && toStaffUser(r);
    },
  };
}

export function userRepository(db: Knex.Transaction): UserRepository {
  const byUsername = (username: string) => db('reseller_users').whereRaw('lower(username) = lower(?)', [username]);
  return {
    async get(id) {
      const r = await db('reseller_users').where({ id }).first();
      return r && toUser(r);
    },
    async withRoles(resellerId, roles) {
      return (await db('reseller_users').where({ reseller_id: resellerId, active: true }).whereIn('role', [...roles]).orderBy('name')).map(toUser);
    },
    async findByUsername(username) {
      const r = await byUsername(username).first();
      return r && toUser(r);
    },
    async lockByUsername(username) {
      const r = await byUsername(username).forUpdate().first();
      return r && toUser(r);
    },
    async saveLoginRecord(id, record, loggedInAt) {
      await db('reseller_users').where({ id }).update({
        failed_attempts: record.failedAttempts,
        locked_until: record.lockedUntil,
        ...(record.lastFailedAt !== undefined ? { last_failed_at: record.lastFailedAt } : {}),
        ...(loggedInAt ? { last_login_at: loggedInAt } : {}),
        updated_at: db.fn.now(),
      });
    },
  };
}

export function loginFailureRepository(db: Knex.Transaction): LoginFailureRepository {
  return {
    async lock(username) {
      // An upsert that changes nothing locks the row, whether it was there or is new.
      const [r] = await db('login_failures').insert({ username, failed_attempts: 0 })
        .onConflict('username').merge({ username: db.raw('excluded.username') }).returning('*');
      return { failedAttempts: Number(r.failed_attempts), lockedUntil: r.locked_until ?? null, lastFailedAt: r.last_failed_at ?? null, active: false };
    },
    async save(username, record) {
      await db('login_failures').where({ username }).update({ failed_attempts: record.failedAttempts, locked_until: record.lockedUntil, last_failed_at: record.lastFailedAt ?? null });
    },
  };
}

export function customerRepository(db: Knex.Transaction): CustomerRepository {
  const toCustomer = (r: Record<string, unknown>): EndCustomer => ({ id: String(r.id), resellerId: String(r.reseller_id), company: String(r.company), email: (r.email as string | null) ?? null });
  /** The reseller's customers that are not archived ("deleted"). */
  const current = (resellerId: string) => db('end_customers').where({ reseller_id: resellerId }).whereNull('archived_at');
  return {
    async listFor(resellerId) {
      return (await current(resellerId).orderBy('company')).map(toCustomer);
    },
    async get(resellerId, id) {
      if (!UUID.test(id)) return undefined;
      const r = await current(resellerId).where({ id }).first();
      return r && toCustomer(r);
    },
    async add(resellerId, company, email) {
      const [inserted] = await db('end_customers')
        .insert({ reseller_id: resellerId, company: company.trim(), email })
        .onConflict(db.raw('(reseller_id, lower(company))'))
        .ignore()
        .returning('*');
      if (inserted) return toCustomer(inserted);
      // One of that name archived ("deleted") before comes back, as it is now typed.
      const [revived] = await db('end_customers').where({ reseller_id: resellerId }).whereRaw('lower(company) = lower(?)', [company.trim()]).whereNotNull('archived_at')
        .update({ archived_at: null, company: company.trim(), email, updated_at: db.fn.now() }).returning('*');
      if (revived) return toCustomer(revived);
      const existing = await db('end_customers').where({ reseller_id: resellerId }).whereRaw('lower(company) = lower(?)', [company.trim()]).first();
      return toCustomer(existing);
    },
    async pageFor(resellerId, page) {
      const total = await countOf(current(resellerId));
      const rows = await db('end_customers as c')
        .where('c.reseller_id', resellerId)
        .whereNull('c.archived_at')
        .select('c.*', db('licenses as l').whereRaw('l.end_customer_id = c.id').andWhereRaw('l.reseller_id = c.reseller_id').count('*').as('licenses'))
        .orderBy('c.company')
        .orderBy('c.id')
        .offset(page.offset)
        .limit(page.limit);
      return { items: rows.map((r) => ({ ...toCustomer(r), licenses: Number(r.licenses) })), total };
    },
    async rename(resellerId, id, company) {
      const other = await db('end_customers').where({ reseller_id: resellerId }).whereNot({ id }).whereRaw('lower(company) = lower(?)', [company]).first('id');
      if (other) return 'taken';
      try {
        // In a savepoint: a rename racing this one to the same name, committed first, fails the
        // unique index here, and only this statement is undone (the input's transaction goes on).
        await db.transaction((savepoint) => savepoint('end_customers').where({ reseller_id: resellerId, id }).update({ company }));
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) return 'taken';
        throw error;
      }
      return 'renamed';
    },
    async setEmail(resellerId, id, email) {
      if (!UUID.test(id)) return false;
      return (await current(resellerId).where({ id }).update({ email, updated_at: db.fn.now() })) > 0;
    },
    async archive(resellerId, id) {
      if (!UUID.test(id)) return { kind: 'not_found' };
      // The row locked first: an archive or a license move under way for it finishes before this
      // one looks (and the license trigger waits for this lock in turn).
      const row = await current(resellerId).where({ id }).forUpdate().first('id');
      if (!row) return { kind: 'not_found' };
      const licenses = async () => Number((await db('licenses').where({ end_customer_id: id }).count<{ n: string }[]>('* as n'))[0]?.n ?? 0);
      const held = await licenses();
      if (held > 0) return { kind: 'has_licenses', licenses: held };
      try {
        // In a savepoint: the database's own refusal (a license given to it all the same) undoes this statement alone.
        await db.transaction((savepoint) => savepoint('end_customers').where({ id }).update({ archived_at: savepoint.fn.now(), updated_at: savepoint.fn.now() }));
      } catch (error) {
        if ((error as { code?: string; constraint?: string }).constraint === 'end_customers_archived_without_licenses') return { kind: 'has_licenses', licenses: await licenses() };
        throw error;
      }
      return { kind: 'archived' };
    },
  };
}

export function referralRepository(db: Knex.Transaction): ReferralRepository {
  return {
    async listFor(resellerId): Promise<Referral[]> {
      const rows = await db('referrals').where({ reseller_id: resellerId }).orderBy('referred_on', 'desc');
      return rows.map((r) => ({ id: r.id, referredCompany: r.referred_company, referredOn: r.referred_on, commissionCents: r.commission_cents, status: r.status, paidOn: r.paid_on }));
    },
  };
}

export function noticeRepository(db: Knex.Transaction): NoticeRepository {
  return {
    async dismissed(userId) {
      const rows = await db('dismissed_notices').where({ reseller_user_id: userId }).select('kind', 'ref');
      return new Set(rows.map((r) => `${r.kind}:${r.ref}`));
    },
    async dismiss(userId, kind, ref) {
      await db('dismissed_notices').insert({ reseller_user_id: userId, kind, ref }).onConflict(['reseller_user_id', 'kind', 'ref']).ignore();
    },
  };
}

export function auditLog(db: Knex.Transaction): AuditLog {
  return {
    async append(entry) {
      await db('audit_log').insert({ actor: entry.actor, action: entry.action, subject: entry.subject, details: entry.details });
    },
  };
}

/**
 * The columns and joins that read who a chat (`ci`, its channel_identities row) is logged in as,
 * with the user and the reseller as JSON rows (mapped as the tables' own rows are).
 */
export const CHAT_LOGIN_COLUMNS = `ci.reseller_user_id as login_user_id, to_jsonb(u) as login_user, to_jsonb(r) as login_reseller,
  (select address_country from distributor_settings where id = 1) as login_distributor_country`;
export const CHAT_LOGIN_JOINS = 'left join reseller_users u on u.id = ci.reseller_user_id left join resellers r on r.id = u.reseller_id';

/** Who a chat is logged in as, from a row with CHAT_LOGIN_COLUMNS (none: the chat has no identity yet). */
export function toChatLogin(row: Record<string, unknown> | undefined): ChatLogin {
  const userId = (row?.login_user_id as string | null | undefined) ?? undefined;
  if (!row || !row.login_user || !row.login_reseller) return { userId, account: undefined };
  const reseller = toReseller(row.login_reseller as Record<string, unknown>, (row.login_distributor_country as string | null) ?? null);
  return { userId, account: { user: toUser(row.login_user as Record<string, unknown>), reseller } };
}

export function identityRepository(db: Knex.Transaction): IdentityRepository {
  return {
    async link(identity, userId) {
      await db('channel_identities')
        .insert({ channel: identity.channel, external_user_id: identity.externalUserId, chat_id: identity.chatId, reseller_user_id: userId })
        .onConflict(['channel', 'external_user_id', 'chat_id'])
        .merge({ reseller_user_id: userId, unreachable_since: null, updated_at: db.fn.now() });
    },
    async userIn(identity) {
      const row = await db('channel_identities').where({ channel: identity.channel, external_user_id: identity.externalUserId, chat_id: identity.chatId }).first('reseller_user_id');
      return row?.reseller_user_id ?? undefined;
    },
    async loginIn(identity) {
      const { rows } = await db.raw(`select ${CHAT_LOGIN_COLUMNS} from channel_identities ci ${CHAT_LOGIN_JOINS} where ci.channel = ? and ci.external_user_id = ? and ci.chat_id = ?`,
        [identity.channel, identity.externalUserId, identity.chatId]);
      return toChatLogin(rows[0]);
    },
    async linkedUser(channel, externalUserId) {
      const row = await db('channel_identities')
        .where({ channel, external_user_id: externalUserId })
        .whereNotNull('reseller_user_id')
        .orderBy('updated_at', 'desc')
        .first('reseller_user_id');
      return row?.reseller_user_id;
    },
    async privateChatsOf(userIds) {
      if (userIds.length === 0) return [];
      const rows = await db('channel_identities as ci').whereIn('ci.reseller_user_id', userIds).whereNull('ci.unreachable_since')
        .whereRaw(PRIVATE_CHAT).orderBy('ci.id').select('ci.id', 'ci.channel', 'ci.external_user_id', 'ci.chat_id', 'ci.reseller_user_id');
      return rows.map((r) => ({ id: Number(r.id), channel: r.channel, externalUserId: r.external_user_id, chatId: r.chat_id, userId: r.reseller_user_id }));
    },
    async chatsOf(userIds) {
      if (userIds.length === 0) return [];
      const rows = await db('channel_identities as ci').whereIn('ci.reseller_user_id', userIds).whereNull('ci.unreachable_since')
        .orderBy('ci.id').select('ci.channel', 'ci.reseller_user_id', db.raw(`${PRIVATE_CHAT} as private`));
      return rows.map((r) => ({ channel: r.channel, userId: r.reseller_user_id, private: r.private === true }));
    },
    async unlinkAll(channel, externalUserId) {
      await db('channel_identities').where({ channel, external_user_id: externalUserId }).update({ reseller_user_id: null, updated_at: db.fn.now() });
    },
    async unlink(identity) {
      await db('channel_identities')
        .where({ channel: identity.channel, external_user_id: identity.externalUserId, chat_id: identity.chatId })
        .update({ reseller_user_id: null, updated_at: db.fn.now() });
    },
  };
}
