import type { LocalDate } from './dates';
import { compareDates } from './dates';
import type { LineKind } from './line';
import type { Cents } from './money';
import type { CouponValue } from './totals';

/**
 * Coupons: a code matched case-insensitively, a percent or fixed value, an inclusive
 * validity window and optional limits. Checking one names the exact reason it is refused.
 */

export interface Coupon {
  id: string;
  code: string;
  value: CouponValue;
  validFrom: LocalDate;
  validUntil: LocalDate;
  maxRedemptions: number | null;
  perResellerLimit: number | null;
  minSubtotalCents: Cents | null;
  appliesTo: LineKind[] | null;
}

export interface CouponContext {
  today: LocalDate;
  /** The order's subtotal: after partner discounts, before the coupon (pricing.md step 2). */
  subtotalCents: Cents;
  /** The kind of every line in the cart. */
  lineKinds: LineKind[];
  /**
   * Reservations plus redemptions, by everyone and by this reseller. When re-checking the
   * coupon of an order that already holds a reservation, leave that reservation out.
   */
  usedTotal: number;
  usedByReseller: number;
}

export type CouponCheck =
  | { kind: 'ok'; coupon: Coupon }
  | { kind: 'unknown' }
  | { kind: 'not_yet_valid'; validFrom: LocalDate }
  | { kind: 'expired'; validUntil: LocalDate }
  | { kind: 'used_up' }
  | { kind: 'already_used' }
  | { kind: 'below_minimum'; minSubtotalCents: Cents }
  | { kind: 'not_applicable'; appliesTo: LineKind[] };

/**
 * The form a coupon code is stored and looked up in: trimmed and uppercased.
 */
export function normaliseCouponCode(s: string): string {
  return s.trim().toUpperCase();
}

/**
 * Whether the coupon (found by its normalised code, or `undefined`) may be used. The first
 * failing check is the answer, in this order: unknown; not yet valid (today before
 * `validFrom`); expired (today after `validUntil`; both ends inclusive); used up (total
 * limit reached); already used by this reseller (per-reseller limit reached); subtotal below
 * the minimum; not valid for these items (with `appliesTo` set, every line must be of one of
 * those kinds). Facts about the coupon come before facts about this cart, so a reseller is
 * never told to add items for a coupon it cannot have anyway.
 */
export function checkCoupon(coupon: Coupon | undefined, context: CouponContext): CouponCheck {
  if (coupon === undefined) return { kind: 'unknown' };
  if (compareDates(context.today, coupon.validFrom) < 0) return { kind: 'not_yet_valid', validFrom: coupon.validFrom };
  if (compareDates(context.today, coupon.validUntil) > 0) return { kind: 'expired', validUntil: coupon.validUntil };
  if (coupon.maxRedemptions !== null && context.usedTotal >= coupon.maxRedemptions) return { kind: 'used_up' };
  if (coupon.perResellerLimit !== null && context.usedByReseller >= coupon.perResellerLimit) {
    return { kind: 'already_used' };
  }
  if (coupon.minSubtotalCents !== null && context.subtotalCents < coupon.minSubtotalCents) {
    return { kind: 'below_minimum', minSubtotalCents: coupon.minSubtotalCents };
  }
  const appliesTo = coupon.appliesTo;
  if (appliesTo !== null && !context.lineKinds.every((kind) => appliesTo.includes(kind))) {
    return { kind: 'not_applicable', appliesTo };
  }
  return { kind: 'ok', coupon };
}
