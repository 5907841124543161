import type { VatTreatment } from '../tax/vat-treatment';
import type { LineKind } from './line';
import type { Cents } from './money';
import { BASIS_POINTS_PER_WHOLE, isCents, percentOf } from './money';

/**
 * From list to total, pricing.md steps 1–4: partner discount per line, subtotal, at most
 * one coupon on the subtotal, then VAT on what is left. Percentages are basis points.
 */

export type CouponValue = { type: 'percent'; basisPoints: number } | { type: 'amount'; amountCents: Cents };

export interface PricedLine {
  kind: LineKind;
  listCents: Cents;
}

export interface TotalsLine {
  listCents: Cents;
  partnerDiscountCents: Cents;
  netCents: Cents;
}

/** The sums of an order or a cart, from list price to what is paid. */
export interface Amounts {
  listCents: Cents;
  partnerDiscountCents: Cents;
  subtotalCents: Cents;
  couponCents: Cents;
  taxableCents: Cents;
  vatCents: Cents;
  totalCents: Cents;
}

export interface Totals extends Amounts {
  lines: TotalsLine[];
  /** How the VAT applies (set where the reseller is known): a 0 % of reverse charge reads differently from one outside the EU. */
  vatTreatment?: VatTreatment;
}

function requireBasisPoints(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > BASIS_POINTS_PER_WHOLE) {
    throw new RangeError(`${what} must be 0–10000 basis points, got ${value}`);
  }
}

function requireCents(value: number, what: string): void {
  if (!isCents(value)) throw new RangeError(`${what} must be a non-negative integer of cents, got ${value}`);
}

/**
 * The coupon's amount on a subtotal: percent → `round(subtotal × p)`, fixed amount →
 * `min(amount, subtotal)` (a coupon never makes the order negative).
 */
export function couponAmount(coupon: CouponValue, subtotalCents: Cents): Cents {
  if (coupon.type === 'percent') {
    requireBasisPoints(coupon.basisPoints, 'a percent coupon');
    return percentOf(subtotalCents, coupon.basisPoints);
  }
  requireCents(coupon.amountCents, 'a fixed coupon');
  return Math.min(coupon.amountCents, subtotalCents);
}

/**
 * The totals of an order: per line `partner discount = round(list × d)` and
 * `net = list − discount`; `subtotal = Σ net`; the coupon on the subtotal;
 * `taxable = subtotal − coupon`, `VAT = round(taxable × v)`, `total = taxable + VAT`.
 * `partnerDiscountBp` and `vatBp` are basis points (25 % = 2500, 20.5 % = 2050). Throws
 * RangeError on a rate outside 0–100 % or a list amount that is not cents: those are bugs.
 */
export function computeTotals(
  lines: readonly PricedLine[],
  partnerDiscountBp: number,
  vatBp: number,
  coupon: CouponValue | null,
): Totals {
  requireBasisPoints(partnerDiscountBp, 'the partner discount');
  requireBasisPoints(vatBp, 'the VAT rate');
  const priced = lines.map(({ listCents }): TotalsLine => {
    requireCents(listCents, 'a line list amount');
    const partnerDiscountCents = percentOf(listCents, partnerDiscountBp);
    return { listCents, partnerDiscountCents, netCents: listCents - partnerDiscountCents };
  });
  const sum = (pick: (line: TotalsLine) => Cents): Cents => priced.reduce((total, line) => total + pick(line), 0);
  const subtotalCents = sum((line) => line.netCents);
  const couponCents = coupon === null ? 0 : couponAmount(coupon, subtotalCents);
  const taxableCents = subtotalCents - couponCents;
  const vatCents = percentOf(taxableCents, vatBp);
  const totals: Totals = {
    lines: priced,
    listCents: sum((line) => line.listCents),
    partnerDiscountCents: sum((line) => line.partnerDiscountCents),
    subtotalCents,
    couponCents,
    taxableCents,
    vatCents,
    totalCents: taxableCents + vatCents,
  };
  requireCents(totals.listCents, 'the order list amount');
  requireCents(totals.totalCents, 'the order total');
  return totals;
}
