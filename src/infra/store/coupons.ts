import type { Knex } from 'knex';
import type { CouponRepository } from '../../domain/ports';
import { toCoupon } from './rows';

export function couponRepository(db: Knex.Transaction): CouponRepository {
  const setStatus = (orderId: string, from: string, to: string, column: string, at: Date) =>
    db('coupon_redemptions').where({ order_id: orderId, status: from }).update({ status: to, [column]: at });
  return {
    async findByCode(code, options) {
      // A disabled coupon is refused as unknown.
      const query = db('coupons').whereRaw('upper(code) = upper(?)', [code.trim()]).whereNull('disabled_at').first();
      const row = await (options?.forUpdate ? query.forUpdate() : query);
      return row && toCoupon(row);
    },
    async usage(couponId, resellerId) {
      const row = await db('coupon_redemptions')
        .where({ coupon_id: couponId })
        .whereNot({ status: 'released' })
        .select(db.raw('count(*)::int as total'), db.raw('count(*) filter (where reseller_id = ?)::int as by_reseller', [resellerId]))
        .first();
      return { total: Number(row?.total ?? 0), byReseller: Number(row?.by_reseller ?? 0) };
    },
    async reserve(couponId, resellerId, orderId, at) {
      await db('coupon_redemptions').insert({ coupon_id: couponId, reseller_id: resellerId, order_id: orderId, status: 'reserved', reserved_at: at });
    },
    async redeem(orderId, at) {
      await setStatus(orderId, 'reserved', 'redeemed', 'redeemed_at', at);
    },
    async release(orderId, at) {
      await setStatus(orderId, 'reserved', 'released', 'released_at', at);
    },
  };
}
