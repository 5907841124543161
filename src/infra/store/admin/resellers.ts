import type { Knex } from 'knex';
import type { PartnerLevelAdministration, ResellerAdministration } from '../../../domain/admin/ports';
import { resellerRepository } from '../accounts';

export function resellerAdministration(db: Knex.Transaction): ResellerAdministration {
  const resellers = resellerRepository(db);
  return {
    async create(r) {
      const [row] = await db('resellers').insert({
        partner_id: r.partnerId, company: r.company, country: r.country, level_code: r.levelCode, discount_bp: r.discountBp, timezone: r.timezone,
        currency: r.currency, legal_name: r.legalName, vat_id: r.vatId, vat_rate_bp: r.explicitVatRateBp,
        address_street: r.address?.street ?? null, address_postcode: r.address?.postcode ?? null, address_city: r.address?.city ?? null,
      }).onConflict('partner_id').ignore().returning('id');
      return row ? resellers.get(String(row.id)) : undefined;
    },
    async setSuspended(id, at) {
      await db('resellers').where({ id }).update({ suspended_at: at, updated_at: db.fn.now() });
    },
    async list(filter) {
      const query = db('resellers').orderBy([{ column: 'company' }, { column: 'partner_id' }]).select('partner_id');
      if (filter.level !== undefined) query.where('level_code', filter.level);
      if (filter.country !== undefined) query.where('country', filter.country);
      if (filter.suspended !== undefined) query.where((q) => (filter.suspended ? q.whereNotNull('suspended_at') : q.whereNull('suspended_at')));
      const found = [];
      for (const row of await query) {
        const reseller = await resellers.findByPartnerId(row.partner_id);
        if (reseller) found.push(reseller);
      }
      return found;
    },
  };
}

export function partnerLevelAdministration(db: Knex.Transaction): PartnerLevelAdministration {
  const toLevel = (r: Record<string, unknown>) => ({ code: String(r.code), name: String(r.name), discountBp: Number(r.discount_bp), rank: Number(r.rank) });
  return {
    async list() {
      return (await db('partner_levels').orderBy('rank')).map(toLevel);
    },
    async get(code, options) {
      const query = db('partner_levels').where({ code }).first();
      const row = await (options?.forUpdate ? query.forUpdate() : query);
      return row ? toLevel(row) : undefined;
    },
    async save(level) {
      const [row] = await db('partner_levels')
        .insert({ code: level.code, name: level.name, discount_bp: level.discountBp, rank: db.raw('(select coalesce(max(rank), 0) + 1 from partner_levels)') })
        .onConflict('code').merge(['name', 'discount_bp']).returning('*');
      return toLevel(row);
    },
    async moveDiscounts(code, fromBp, toBp) {
      return db('resellers').where({ level_code: code, discount_bp: fromBp }).update({ discount_bp: toBp, updated_at: db.fn.now() });
    },
  };
}
