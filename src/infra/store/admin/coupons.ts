import type { Knex } from 'knex';
import type { AdminCoupon, CouponAdministration } from '../../../domain/admin/ports';
import { toCoupon } from '../rows';

export function couponAdministration(db: Knex.Transaction): CouponAdministration {
  const toAdminCoupon = (r: Record<string, unknown>): AdminCoupon => ({ ...toCoupon(r), disabledAt: (r.disabled_at as Date | null) ?? null });
  return {
    async create(c) {
      if (await db('coupons').whereRaw('upper(code) = upper(?)', [c.code]).first('id')) return 'code_taken';
      const [row] = await db('coupons').insert({
        code: c.code, percent_bp: c.value.type === 'percent' ? c.value.basisPoints : null, amount_cents: c.value.type === 'amount' ? c.value.amountCents : null,
        valid_from: c.validFrom, valid_until: c.validUntil, max_redemptions: c.maxRedemptions, per_reseller_limit: c.perResellerLimit,
        min_subtotal_cents: c.minSubtotalCents, applies_to: c.appliesTo,
      }).returning('*');
      return toAdminCoupon(row);
    },
    async find(code, options) {
      const query = db('coupons').whereRaw('upper(code) = upper(?)', [code.trim()]).first();
      const row = await (options?.forUpdate ? query.forUpdate() : query);
      return row ? toAdminCoupon(row) : undefined;
    },
    async disable(id, at) {
      await db('coupons').where({ id }).update({ disabled_at: at, updated_at: db.fn.now() });
    },
    async uses(code) {
      const coupons = db('coupons').orderBy('code').select('id', 'code', 'disabled_at');
      if (code !== null) coupons.whereRaw('upper(code) = upper(?)', [code.trim()]);
      const rows = await coupons;
      const counts = await db('coupon_redemptions as cr').join('resellers as r', 'r.id', 'cr.reseller_id')
        .whereIn('cr.coupon_id', rows.map((r) => r.id)).whereNot('cr.status', 'released')
        .groupBy('cr.coupon_id', 'r.partner_id', 'r.company').orderBy('r.partner_id')
        .select('cr.coupon_id', 'r.partner_id', 'r.company',
          db.raw(`count(*) filter (where cr.status = 'reserved')::int as reserved`), db.raw(`count(*) filter (where cr.status = 'redeemed')::int as redeemed`));
      return rows.map((c) => {
        const byReseller = counts.filter((n) => n.coupon_id === c.id).map((n) => ({ partnerId: String(n.partner_id), company: String(n.company), reserved: Number(n.reserved), redeemed: Number(n.redeemed) }));
        return {
          code: String(c.code), disabledAt: c.disabled_at ?? null, byReseller,
          reserved: byReseller.reduce((sum, n) => sum + n.reserved, 0), redeemed: byReseller.reduce((sum, n) => sum + n.redeemed, 0),
        };
      });
    },
  };
}
