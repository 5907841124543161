import type { Knex } from 'knex';
import type { DistributorSettings, EndCustomer, Reseller } from '../../domain/accounts/accounts';
import type { Referral } from '../../domain/dashboard/dashboard';
import type {
  AuditLog, CustomerRepository, IdentityRepository, DistributorRepository, NoticeRepository, ReferralRepository, ResellerRepository, UserRepository,
} from '../../domain/ports';
import { toUser } from './rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function distributorRepository(db: Knex.Transaction): DistributorRepository {
  return {
    async get(): Promise<DistributorSettings> {
      const r = await db('distributor_settings').where({ id: 1 }).first();
      if (!r) throw new Error('distributor settings are missing: run `npm run demo:reset` or load your settings');
      return { name: r.name, currency: r.currency, timezone: r.timezone, bankAccounts: r.bank_accounts, offlinePaymentDays: r.offline_payment_days };
    },
  };
}

export function resellerRepository(db: Knex.Transaction): ResellerRepository {
  return {
    async get(id): Promise<Reseller | undefined> {
      const r = await db('resellers').where({ id }).first();
      return r && {
        id: r.id, partnerId: r.partner_id, company: r.company, country: r.country, levelCode: r.level_code,
        discountBp: r.discount_bp, vatRateBp: r.vat_rate_bp, timezone: r.timezone, remindSalesUsers: r.remind_sales_users,
      };
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
        ...(loggedInAt ? { last_login_at: loggedInAt } : {}),
        updated_at: db.fn.now(),
      });
    },
  };
}

export function customerRepository(db: Knex.Transaction): CustomerRepository {
  const toCustomer = (r: Record<string, unknown>): EndCustomer => ({ id: String(r.id), resellerId: String(r.reseller_id), company: String(r.company), email: (r.email as string | null) ?? null });
  return {
    async listFor(resellerId) {
      return (await db('end_customers').where({ reseller_id: resellerId }).orderBy('company')).map(toCustomer);
    },
    async get(resellerId, id) {
      if (!UUID.test(id)) return undefined;
      const r = await db('end_customers').where({ reseller_id: resellerId, id }).first();
      return r && toCustomer(r);
    },
    async add(resellerId, company, email) {
      const [inserted] = await db('end_customers')
        .insert({ reseller_id: resellerId, company: company.trim(), email })
        .onConflict(db.raw('(reseller_id, lower(company))'))
        .ignore()
        .returning('*');
      if (inserted) return toCustomer(inserted);
      const existing = await db('end_customers').where({ reseller_id: resellerId }).whereRaw('lower(company) = lower(?)', [company.trim()]).first();
      return toCustomer(existing);
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
    async linkedUser(channel, externalUserId) {
      const row = await db('channel_identities')
        .where({ channel, external_user_id: externalUserId })
        .whereNotNull('reseller_user_id')
        .orderBy('updated_at', 'desc')
        .first('reseller_user_id');
      return row?.reseller_user_id;
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
