import { describe, it, expect } from 'vitest';
import { checkCoupon, normaliseCouponCode, type Coupon, type CouponContext } from '../../../../src/domain/pricing/coupon';

const coupon = (overrides: Partial<Coupon> = {}): Coupon => ({
  id: 'c-1',
  code: 'WINTER10',
  value: { type: 'percent', basisPoints: 1000 },
  validFrom: '2026-11-01',
  validUntil: '2026-12-31',
  maxRedemptions: null,
  perResellerLimit: null,
  minSubtotalCents: null,
  appliesTo: null,
  ...overrides,
});

const context = (overrides: Partial<CouponContext> = {}): CouponContext => ({
  today: '2026-11-26',
  subtotalCents: 203_158,
  lineKinds: ['new_license', 'upgrade'],
  usedTotal: 0,
  usedByReseller: 0,
  ...overrides,
});

describe('normaliseCouponCode', () => {
  it('trims and uppercases', () => {
    expect(normaliseCouponCode('  winter10 ')).toBe('WINTER10');
    expect(normaliseCouponCode('Winter10')).toBe('WINTER10');
  });
});

describe('checkCoupon', () => {
  it('accepts a coupon with no limits inside its window', () => {
    const c = coupon();
    expect(checkCoupon(c, context())).toEqual({ kind: 'ok', coupon: c });
  });

  it('does not know a missing code', () => {
    expect(checkCoupon(undefined, context())).toEqual({ kind: 'unknown' });
  });

  it('is valid on both ends of its window and not outside it', () => {
    const c = coupon();
    expect(checkCoupon(c, context({ today: '2026-10-31' }))).toEqual({ kind: 'not_yet_valid', validFrom: '2026-11-01' });
    expect(checkCoupon(c, context({ today: '2026-11-01' })).kind).toBe('ok');
    expect(checkCoupon(c, context({ today: '2026-12-31' })).kind).toBe('ok');
    expect(checkCoupon(c, context({ today: '2027-01-01' }))).toEqual({ kind: 'expired', validUntil: '2026-12-31' });
  });

  it('is used up when reservations and redemptions reach the total limit', () => {
    const c = coupon({ maxRedemptions: 100 });
    expect(checkCoupon(c, context({ usedTotal: 99 })).kind).toBe('ok');
    expect(checkCoupon(c, context({ usedTotal: 100 }))).toEqual({ kind: 'used_up' });
    expect(checkCoupon(coupon({ maxRedemptions: 0 }), context())).toEqual({ kind: 'used_up' });
  });

  it('is already used when the reseller reached its own limit', () => {
    const c = coupon({ perResellerLimit: 1 });
    expect(checkCoupon(c, context({ usedByReseller: 0, usedTotal: 5 })).kind).toBe('ok');
    expect(checkCoupon(c, context({ usedByReseller: 1, usedTotal: 5 }))).toEqual({ kind: 'already_used' });
  });

  it('needs the minimum subtotal (after partner discount), inclusive', () => {
    const c = coupon({ minSubtotalCents: 100_000 });
    expect(checkCoupon(c, context({ subtotalCents: 100_000 })).kind).toBe('ok');
    expect(checkCoupon(c, context({ subtotalCents: 99_999 }))).toEqual({ kind: 'below_minimum', minSubtotalCents: 100_000 });
  });

  it('needs every line to be of the kinds it applies to', () => {
    const c = coupon({ appliesTo: ['new_license'] });
    expect(checkCoupon(c, context({ lineKinds: ['new_license', 'new_license'] })).kind).toBe('ok');
    expect(checkCoupon(c, context({ lineKinds: ['new_license', 'upgrade'] }))).toEqual({ kind: 'not_applicable', appliesTo: ['new_license'] });
    expect(checkCoupon(c, context({ lineKinds: ['renew_maintenance'] })).kind).toBe('not_applicable');
    expect(checkCoupon(coupon({ appliesTo: ['renew_annual', 'renew_maintenance'] }), context({ lineKinds: ['renew_annual', 'renew_maintenance'] })).kind).toBe('ok');
  });

  it('names the first reason in the documented order', () => {
    const everythingWrong = coupon({ maxRedemptions: 1, perResellerLimit: 1, minSubtotalCents: 1_000_000, appliesTo: ['renew_annual'] });
    const all = { usedTotal: 1, usedByReseller: 1 };
    expect(checkCoupon(everythingWrong, context({ ...all, today: '2026-10-01' })).kind).toBe('not_yet_valid');
    expect(checkCoupon(everythingWrong, context({ ...all, today: '2027-02-01' })).kind).toBe('expired');
    expect(checkCoupon(everythingWrong, context(all)).kind).toBe('used_up');
    expect(checkCoupon(everythingWrong, context({ usedTotal: 0, usedByReseller: 1 })).kind).toBe('already_used');
    expect(checkCoupon(everythingWrong, context()).kind).toBe('below_minimum');
    expect(checkCoupon(everythingWrong, context({ subtotalCents: 1_000_000 })).kind).toBe('not_applicable');
    expect(checkCoupon(everythingWrong, context({ subtotalCents: 1_000_000, lineKinds: ['renew_annual'] })).kind).toBe('ok');
  });
});
