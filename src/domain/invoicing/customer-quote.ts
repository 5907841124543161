// A quote a reseller forwards to its own customer: the reseller's prices (a markup on list,
// or a price typed per line), the reseller's name and address, and a validity date. It shows
// nothing of the distributor: not its name, not its prices, not the reseller's discount.
import type { PostalAddress } from '../accounts/accounts';
import type { LocalDate } from '../pricing/dates';
import { isCents, roundMulDiv, type Cents } from '../pricing/money';

/** How the reseller prices the lines for its customer. */
export type QuotePricing =
  /** Each line at its list price plus `percentBp` (basis points; may be negative, down to −99.99 %). */
  | { kind: 'markup'; percentBp: number }
  /** One price per line, in the order of the lines (cents, for the whole line). */
  | { kind: 'prices'; lineCents: readonly number[] };

/** The highest markup accepted: 1000 %. */
export const MAX_MARKUP_BP = 100_000;

export interface CustomerQuoteLine {
  description: string;
  quantity: number;
  /** The reseller's price for the whole line. */
  amountCents: Cents;
}

export interface CustomerQuote {
  /** The reseller's own reference, when it gave one. */
  reference: string | null;
  issuedOn: LocalDate;
  validUntil: LocalDate;
  currency: string;
  /** The reseller, who quotes. */
  from: { company: string; legalName: string; address: PostalAddress | null; vatId: string | null };
  /** Its customer. */
  to: { company: string; contact: string | null };
  lines: CustomerQuoteLine[];
  /** The sum of the lines, VAT not included. */
  totalCents: Cents;
}

export type QuotePricingResult =
  | { kind: 'ok'; amounts: Cents[] }
  | { kind: 'invalid_markup' }
  | { kind: 'wrong_price_count'; expected: number; given: number }
  | { kind: 'invalid_price'; line: number };

/**
 * The reseller's price of each line: `round(list × (100 % + markup))`, half up to the cent, or
 * the prices it typed (whole cents, not negative, at most 10,000,000.00 a line).
 */
export function priceLines(listCents: readonly Cents[], pricing: QuotePricing): QuotePricingResult {
  if (pricing.kind === 'markup') {
    const { percentBp } = pricing;
    if (!Number.isInteger(percentBp) || percentBp <= -10_000 || percentBp > MAX_MARKUP_BP) return { kind: 'invalid_markup' };
    return { kind: 'ok', amounts: listCents.map((list) => roundMulDiv(list, 10_000 + percentBp, 10_000)) };
  }
  if (pricing.lineCents.length !== listCents.length) return { kind: 'wrong_price_count', expected: listCents.length, given: pricing.lineCents.length };
  const bad = pricing.lineCents.findIndex((cents) => !isCents(cents) || cents > 1_000_000_000);
  if (bad >= 0) return { kind: 'invalid_price', line: bad + 1 };
  return { kind: 'ok', amounts: [...pricing.lineCents] };
}
