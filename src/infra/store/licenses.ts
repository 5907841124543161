import type { Knex } from 'knex';
import type { LicenseEvent, LicenseRepository, PriceRepository } from '../../domain/ports';
import type { PriceEntry } from '../../domain/pricing/catalog';
import { toLicense } from './rows';
import { countOf } from './rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function priceRepository(db: Knex): PriceRepository {
  return {
    async entries(): Promise<PriceEntry[]> {
      const rows = await db('catalog_prices').select('edition', 'sc', 'kind', 'price_cents', 'effective_from');
      return rows.map((r) => ({ edition: r.edition, sc: r.sc, kind: r.kind, priceCents: r.price_cents, effectiveFrom: r.effective_from }));
    },
  };
}

export function licenseRepository(db: Knex.Transaction): LicenseRepository {
  const withCustomer = () =>
    db('licenses as l').leftJoin('end_customers as c', 'c.id', 'l.end_customer_id').select('l.*', 'c.company as customer_name');
  return {
    async findByKey(key) {
      const r = await withCustomer().where('l.license_key', key).first();
      return r && toLicense(r);
    },
    async getMany(ids, options) {
      // An id that is no uuid names no license (rather than an error of the uuid column).
      const wanted = ids.filter((id) => UUID.test(id));
      if (wanted.length === 0) return [];
      const query = db('licenses').whereIn('id', wanted).orderBy('id');
      return (await (options?.forUpdate ? query.forUpdate() : query)).map(toLicense);
    },
    async listFor(resellerId, page, { termEnd, customerId } = {}) {
      const within = (q: Knex.QueryBuilder, prefix: string) => {
        const ending = termEnd ? q.whereRaw(`coalesce(${prefix}expires_on, ${prefix}maintenance_until) between ? and ?`, [termEnd.from, termEnd.to]) : q;
        return customerId ? ending.where(`${prefix}end_customer_id`, customerId) : ending;
      };
      const count = await countOf(within(db('licenses').where({ reseller_id: resellerId }), ''));
      const rows = await within(withCustomer(), 'l.')
        .where('l.reseller_id', resellerId)
        .orderByRaw('coalesce(l.expires_on, l.maintenance_until), l.license_key')
        .offset(page.offset)
        .limit(page.limit);
      return { items: rows.map(toLicense), total: count };
    },
    async termsFor(resellerId) {
      const rows = await db('licenses').where({ reseller_id: resellerId }).select(db.raw('coalesce(expires_on, maintenance_until) as term_end'));
      return rows.map((r) => ({ termEnd: r.term_end }));
    },
    async keyExists(key) {
      return Boolean(await db('licenses').where({ license_key: key }).first('id'));
    },
    async insert(license) {
      const [r] = await db('licenses')
        .insert({
          license_key: license.key, reseller_id: license.resellerId, end_customer_id: license.customerId, type: license.type,
          edition: license.edition, sc: license.sc, expires_on: license.expiresOn, maintenance_until: license.maintenanceUntil,
        })
        .returning('*');
      return toLicense(r);
    },
    async updateTerms(id, change) {
      const columns: Record<string, unknown> = { updated_at: db.fn.now() };
      if (change.edition !== undefined) columns.edition = change.edition;
      if (change.sc !== undefined) columns.sc = change.sc;
      if (change.expiresOn !== undefined) columns.expires_on = change.expiresOn;
      if (change.maintenanceUntil !== undefined) columns.maintenance_until = change.maintenanceUntil;
      await db('licenses').where({ id }).update(columns);
    },
    async reassign(id, owner) {
      await db('licenses').where({ id }).update({ reseller_id: owner.resellerId, end_customer_id: owner.customerId, updated_at: db.fn.now() });
    },
    async flagPaymentForOrder(orderId, flag, actor) {
      const rows = await db('licenses')
        .whereIn('id', db('license_events').where({ order_id: orderId }).select('license_id'))
        .update({ payment_flag: flag, updated_at: db.fn.now() })
        .returning('id');
      const ids = rows.map((r: { id: string }) => r.id);
      if (ids.length > 0) {
        await db('license_events').insert(ids.map((id: string) => ({ license_id: id, kind: 'payment_flagged', order_id: orderId, after: { flag }, actor })));
      }
      return ids;
    },
    async addEvent(event: LicenseEvent) {
      const rows = await db('license_events')
        .insert({
          license_id: event.licenseId, kind: event.kind, order_id: event.orderId, order_line_id: event.orderLineId,
          before: event.before, after: event.after, actor: event.actor,
        })
        .onConflict(db.raw('(order_line_id, license_id) where order_line_id is not null'))
        .ignore()
        .returning('id');
      return rows.length > 0;
    },
    async events(licenseId) {
      const rows = await db('license_events').where({ license_id: licenseId }).orderBy('id');
      return rows.map((r) => ({ licenseId: r.license_id, kind: r.kind, orderId: r.order_id, orderLineId: r.order_line_id, before: r.before, after: r.after, actor: r.actor }));
    },
  };
}
