import { describe, expect, it } from 'vitest';
import { paymentReference } from '../../../../src/domain/orders/payment-reference';
import type { Coupon } from '../../../../src/domain/pricing/coupon';
import { aUser, aCoupon, anAnnualLicense, aReseller, NOW, OTHER_RESELLER_ID, TODAY } from '../../../fakes/mother';
import { aWorldWithUsers, expectKind, newLicense } from './world';

const WITH_COUPON_TOTAL = 221_239;
const WITHOUT_COUPON_TOTAL = 245_821;

/** pricing.md's worked examples in one cart: Professional 16 SC ×2 +1 year, and an upgrade 16 → 32 SC with 200 days left. */
async function workedExampleCart(coupons: Coupon[] = [aCoupon()]) {
  const license = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2027-06-14' });
  const otherUser = aUser({ resellerId: OTHER_RESELLER_ID, role: 'owner' });
  const world = aWorldWithUsers({ licenses: [license], coupons, resellers: [aReseller({ id: OTHER_RESELLER_ID })], users: [otherUser] });
  for (const user of [world.owner, world.purchase, world.sales]) {
    expectKind(await world.add(user, newLicense({ quantity: 2, additionalYears: 1 })), 'added');
    expectKind(await world.add(user, { kind: 'upgrade', licenseId: license.id, licenseKey: license.key, toEdition: 'professional', toSc: 32 }), 'added');
  }
  expectKind(await world.add(otherUser, newLicense({ quantity: 2, additionalYears: 1 })), 'added');
  const linesOf = (userId: string) => {
    const cart = world.store.state.carts.find((c) => c.userId === userId)?.id;
    return world.store.state.cartLines.filter((l) => l.cartId === cart);
  };
  return { ...world, license, otherUser, otherReseller: aReseller({ id: OTHER_RESELLER_ID }), linesOf };
}

describe('placeOrder', () => {
  it('freezes every figure of the cart, reserves the coupon and empties the cart', async () => {
    const world = await workedExampleCart();
    const coupon = world.store.state.coupons[0];
    const placed = expectKind(await world.place(world.owner, { couponCode: ' welcome10 ', confirmedTotalCents: WITH_COUPON_TOTAL, idempotencyKey: 'press-1' }), 'placed');
    const { order } = placed;
    expect(order).toMatchObject({
      number: 1, status: 'awaiting_payment', paymentReference: paymentReference(1), resellerId: world.reseller.id, placedBy: world.owner.id,
      channel: 'console', chatId: 'local', paymentMethod: 'offline', currency: 'EUR', partnerDiscountBp: 2500, vatRateBp: 2100,
      listCents: 270_877, partnerDiscountCents: 67_719, subtotalCents: 203_158, couponId: coupon?.id, couponCode: 'WELCOME10',
      couponCents: 20_316, taxableCents: 182_842, vatCents: 38_397, totalCents: WITH_COUPON_TOTAL, placedOn: TODAY, placedAt: NOW,
      expiresAt: new Date('2026-12-10T10:00:00Z'), paidAt: null, fulfilledAt: null, closedAt: null, closeReason: null,
    });
    expect(order.paymentReference).toBe('TCX-000001-95');
    expect(order.lines).toEqual([
      {
        id: expect.any(String), position: 1, kind: 'new_license', description: 'Professional 16 SC, 2 licenses, 2 years', edition: 'professional', sc: 16,
        quantity: 2, years: 2, licenseId: null, licenseKey: null, fromEdition: null, fromSc: null, remainingDays: null, endCustomerId: null,
        unitPriceCents: 59_500, listCents: 238_000, partnerDiscountCents: 59_500, netCents: 178_500, newTermEnd: '2028-11-26',
      },
      {
        id: expect.any(String), position: 2, kind: 'upgrade', description: `Upgrade ${world.license.key}: Professional 16 SC to Professional 32 SC, 200 days remaining`,
        edition: 'professional', sc: 32, quantity: 1, years: 0, licenseId: world.license.id, licenseKey: world.license.key, fromEdition: 'professional',
        fromSc: 16, remainingDays: 200, endCustomerId: null, unitPriceCents: 60_000, listCents: 32_877, partnerDiscountCents: 8_219, netCents: 24_658,
        newTermEnd: '2027-06-14',
      },
    ]);
    expect(world.store.state.couponRedemptions).toEqual([
      { id: expect.any(Number), couponId: coupon?.id, resellerId: world.reseller.id, orderId: order.id, status: 'reserved', reservedAt: NOW, redeemedAt: null, releasedAt: null },
    ]);
    expect(world.linesOf(world.owner.id)).toEqual([]);
    expect(world.linesOf(world.purchase.id)).toHaveLength(2);
    expect(world.store.state.audit.map((a) => [a.action, a.subject, a.details])).toEqual([
      ['order.placed', `order:${order.id}`, { number: 1, totalCents: WITH_COUPON_TOTAL, method: 'offline' }],
    ]);
  });

  it('places without a coupon at the total without one', async () => {
    const world = await workedExampleCart();
    const { order } = expectKind(await world.place(world.purchase, { confirmedTotalCents: WITHOUT_COUPON_TOTAL }), 'placed');
    expect(order).toMatchObject({ couponId: null, couponCode: null, couponCents: 0, vatCents: 42_663, totalCents: WITHOUT_COUPON_TOTAL, placedBy: world.purchase.id });
    expect(world.store.state.couponRedemptions).toEqual([]);
  });

  it('is not for sales or support users, and leaves their cart alone', async () => {
    const world = await workedExampleCart();
    expect(await world.place(world.sales, { confirmedTotalCents: WITHOUT_COUPON_TOTAL })).toEqual({ kind: 'not_allowed' });
    expect(await world.place(world.support, { confirmedTotalCents: 0 })).toEqual({ kind: 'not_allowed' });
    expect(world.linesOf(world.sales.id)).toHaveLength(2);
    expect(world.store.state.orders).toEqual([]);
  });

  it('answers cart_empty for an empty cart', async () => {
    const world = aWorldWithUsers();
    expect(await world.place(world.owner, { confirmedTotalCents: 0 })).toEqual({ kind: 'cart_empty' });
    expect(world.store.state.orders).toEqual([]);
  });

  it('places one order for one confirmation pressed twice', async () => {
    const world = await workedExampleCart();
    const first = expectKind(await world.place(world.owner, { confirmedTotalCents: WITHOUT_COUPON_TOTAL, idempotencyKey: 'press-1' }), 'placed');
    const again = expectKind(await world.place(world.owner, { confirmedTotalCents: WITHOUT_COUPON_TOTAL, idempotencyKey: 'press-1' }), 'already_placed');
    expect(again.order).toEqual(first.order);
    expect(world.store.state.orders.map((o) => o.number)).toEqual([1]);
    const next = expectKind(await world.place(world.purchase, { confirmedTotalCents: WITHOUT_COUPON_TOTAL, idempotencyKey: 'press-2' }), 'placed');
    expect(next.order.number).toBe(2);
  });

  it('places one order when the same confirmation arrives twice at once', async () => {
    const world = await workedExampleCart();
    const results = await Promise.all([
      world.place(world.owner, { confirmedTotalCents: WITHOUT_COUPON_TOTAL, idempotencyKey: 'press-1' }),
      world.place(world.owner, { confirmedTotalCents: WITHOUT_COUPON_TOTAL, idempotencyKey: 'press-1' }),
    ]);
    expect(results.map((r) => r.kind)).toEqual(['placed', 'already_placed']);
    expect(world.store.state.orders).toHaveLength(1);
  });

  it('refuses a total other than the one confirmed, with the real figures', async () => {
    const world = await workedExampleCart();
    const result = await world.place(world.owner, { couponCode: 'WELCOME10', confirmedTotalCents: WITH_COUPON_TOTAL - 1 });
    expect(result).toMatchObject({ kind: 'total_changed', totals: { subtotalCents: 203_158, couponCents: 20_316, vatCents: 38_397, totalCents: WITH_COUPON_TOTAL } });
    expect(world.store.state.orders).toEqual([]);
    expect(world.store.state.couponRedemptions).toEqual([]);
    expect(world.linesOf(world.owner.id)).toHaveLength(2);
  });

  it('stops with the new figures when a price changed since the lines were quoted', async () => {
    const world = await workedExampleCart();
    world.store.state.prices.push({ edition: 'professional', sc: 16, kind: 'annual', priceCents: 60_000, effectiveFrom: TODAY });
    const before = world.linesOf(world.owner.id).map((l) => l.id);
    const changed = expectKind(await world.place(world.owner, { confirmedTotalCents: WITHOUT_COUPON_TOTAL }), 'changed');
    expect(changed.changes.map((c) => [c.lineId, c.kind, c.kind === 'price_changed' ? [c.fromCents, c.toCents] : c.kind === 'terms_changed' ? c.fields : null])).toEqual([
      [before[0], 'price_changed', [238_000, 240_000]],
      [before[1], 'price_changed', [32_877, 32_603]],
    ]);
    expect(world.linesOf(world.owner.id).map((l) => l.listCents)).toEqual([240_000, 32_603]);
    expect(world.store.state.orders).toEqual([]);
    // Confirmed at the new figures, it is placed.
    const { order } = expectKind(await world.place(world.owner, { confirmedTotalCents: 247_387 }), 'placed');
    expect(order).toMatchObject({ listCents: 272_603, partnerDiscountCents: 68_151, subtotalCents: 204_452, vatCents: 42_935, totalCents: 247_387 });
  });

  it('drops a line that can no longer be bought and says why', async () => {
    const world = await workedExampleCart();
    const upgradeLine = world.linesOf(world.owner.id)[1]?.id;
    const changed = expectKind(await world.place(world.owner, { confirmedTotalCents: WITHOUT_COUPON_TOTAL, today: '2027-06-15' }), 'changed');
    expect(changed.changes).toContainEqual(expect.objectContaining({ lineId: upgradeLine, kind: 'no_longer_valid', reason: expect.objectContaining({ kind: 'expired' }) }));
    expect(world.linesOf(world.owner.id).map((l) => l.kind)).toEqual(['new_license']);
  });

  describe('with a coupon that cannot be used', () => {
    const refusals: Array<[string, Partial<Coupon>, string, unknown]> = [
      ['unknown', {}, 'NOPE', { kind: 'unknown' }],
      ['not yet valid', { validFrom: '2026-11-27' }, 'WELCOME10', { kind: 'not_yet_valid', validFrom: '2026-11-27' }],
      ['expired', { validUntil: '2026-11-25' }, 'WELCOME10', { kind: 'expired', validUntil: '2026-11-25' }],
      ['below the minimum', { minSubtotalCents: 203_159 }, 'WELCOME10', { kind: 'below_minimum', minSubtotalCents: 203_159 }],
      ['not for these items', { appliesTo: ['new_license', 'renew_annual'] }, 'WELCOME10', { kind: 'not_applicable', appliesTo: ['new_license', 'renew_annual'] }],
    ];
    it.each(refusals)('refuses it as %s and places nothing', async (_name, coupon, code, check) => {
      const world = await workedExampleCart([aCoupon(coupon)]);
      expect(await world.place(world.owner, { couponCode: code, confirmedTotalCents: WITH_COUPON_TOTAL })).toEqual({ kind: 'coupon_refused', check });
      expect(world.store.state.orders).toEqual([]);
      expect(world.store.state.couponRedemptions).toEqual([]);
      expect(world.linesOf(world.owner.id)).toHaveLength(2);
    });

    it('accepts it on the minimum exactly', async () => {
      const world = await workedExampleCart([aCoupon({ minSubtotalCents: 203_158 })]);
      expect(await world.place(world.owner, { couponCode: 'WELCOME10', confirmedTotalCents: WITH_COUPON_TOTAL })).toMatchObject({ kind: 'placed' });
    });

    it('refuses it as used up once another reseller holds the last redemption', async () => {
      const world = await workedExampleCart([aCoupon({ maxRedemptions: 1 })]);
      const theirs = await world.place(world.otherUser, { reseller: world.otherReseller, couponCode: 'WELCOME10', confirmedTotalCents: 194_387 });
      expect(theirs).toMatchObject({ kind: 'placed', order: { couponCode: 'WELCOME10', resellerId: OTHER_RESELLER_ID } });
      expect(await world.place(world.owner, { couponCode: 'WELCOME10', confirmedTotalCents: WITH_COUPON_TOTAL })).toEqual({ kind: 'coupon_refused', check: { kind: 'used_up' } });
      expect(world.store.state.couponRedemptions.map((r) => r.resellerId)).toEqual([OTHER_RESELLER_ID]);
    });

    it('refuses it as already used when the reseller reached its own limit', async () => {
      const world = await workedExampleCart([aCoupon({ perResellerLimit: 1 })]);
      expectKind(await world.place(world.purchase, { couponCode: 'WELCOME10', confirmedTotalCents: WITH_COUPON_TOTAL }), 'placed');
      expect(await world.place(world.owner, { couponCode: 'WELCOME10', confirmedTotalCents: WITH_COUPON_TOTAL })).toEqual({ kind: 'coupon_refused', check: { kind: 'already_used' } });
      // Another reseller is not affected by this reseller's limit.
      expect(await world.place(world.otherUser, { reseller: world.otherReseller, couponCode: 'WELCOME10', confirmedTotalCents: 194_387 })).toMatchObject({ kind: 'placed' });
    });
  });
});
