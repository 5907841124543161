// Credit notes: a refund, a chargeback, a partial refund or the cancellation of an invoiced
// order is answered by a credit note in its own gapless series, referring to the invoice,
// with negative amounts and the invoice's VAT treatment and rate.
import type { Invoice } from '../accounts/accounts';
import type { LocalDate } from '../pricing/dates';
import { roundMulDiv, type Cents } from '../pricing/money';
import type { VatTreatment } from '../tax/vat-treatment';
import type { BuyerDetails, SellerDetails, VatDetails } from './documents';

export type CreditNoteReason = 'refund' | 'chargeback' | 'partial_refund' | 'cancellation';

/** A credit note as stored. Its amounts are negative (it takes back part of an invoice). */
export interface CreditNote {
  id: string;
  number: string;
  seriesYear: number;
  seriesNumber: number;
  invoiceId: string;
  resellerId: string;
  orderId: string | null;
  reason: CreditNoteReason;
  /** What it answers (a provider's refund event, a cancellation): one credit note per key. */
  eventKey: string;
  issuedOn: LocalDate;
  currency: string;
  taxableCents: number;
  vatRateBp: number;
  vatCents: number;
  totalCents: number;
  vatTreatment: VatTreatment;
  details: Record<string, unknown>;
}

export type NewCreditNote = Omit<CreditNote, 'id'>;

/** One line of a credit note: what is taken back (negative). */
export interface CreditNoteLine {
  description: string;
  licenseKey: string | null;
  netCents: number;
}

/** What a credit note writes to `credit_notes.details`: the invoice's parties and VAT, and what is credited. */
export interface CreditNoteDetails {
  version: 2;
  seller: SellerDetails;
  buyer: BuyerDetails;
  invoice: { number: string; issuedOn: LocalDate };
  orderNumber: number | null;
  reason: CreditNoteReason;
  vat: VatDetails;
  /** The money the provider returned (a refund): the gross amount this credit note is made of. */
  refundedCents: number | null;
  lines: CreditNoteLine[];
  figures: { taxableCents: number; vatCents: number; totalCents: number };
}

/** The number of the `sequence`th credit note of `year`: CN-2027-000001. Gapless per year, like invoices. */
export function creditNoteNumber(year: number, sequence: number): string {
  return `CN-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Taxable amount and VAT, both not negative. */
export interface TaxSplit {
  taxableCents: Cents;
  vatCents: Cents;
}

/**
 * Splits a gross amount (a partial refund: VAT included) at `rateBp` into taxable amount and
 * VAT. The rounding rule: the taxable part is `round(gross × 10000 / (10000 + rate))`, half up
 * to the cent, and the VAT is what is left (`gross − taxable`), so that the two always add up
 * to the gross refunded. At 0 % the whole amount is taxable.
 */
export function splitGross(grossCents: Cents, rateBp: number): TaxSplit {
  const taxableCents = roundMulDiv(grossCents, 10_000, 10_000 + rateBp);
  return { taxableCents, vatCents: grossCents - taxableCents };
}

/** An invoice's figures and the credit notes issued for it so far. */
export interface CreditedInvoice {
  invoice: Pick<Invoice, 'totalCents'> & { taxableCents: number | null; vatCents: number | null };
  credits: ReadonlyArray<Pick<CreditNote, 'taxableCents' | 'vatCents' | 'totalCents' | 'reason' | 'details'>>;
}

/** What of an invoice has not been credited yet (all 0 when it is credited in full). */
export function remainingOf({ invoice, credits }: CreditedInvoice): TaxSplit & { totalCents: Cents } {
  const vat = invoice.vatCents ?? 0;
  const taxable = invoice.taxableCents ?? invoice.totalCents - vat;
  const sum = (pick: (c: CreditedInvoice['credits'][number]) => number) => credits.reduce((total, c) => total + pick(c), 0);
  return {
    taxableCents: Math.max(0, taxable + sum((c) => c.taxableCents)),
    vatCents: Math.max(0, vat + sum((c) => c.vatCents)),
    totalCents: Math.max(0, invoice.totalCents + sum((c) => c.totalCents)),
  };
}

/**
 * What a partial refund credits. Providers report the amount refunded so far (Stripe's
 * `amount_refunded`), so a new refund event credits the difference to what earlier partial
 * refunds of the invoice credited; never more than is left of the invoice. A refund already
 * credited (or none) is `undefined`.
 */
export function partialRefundCredit(credited: CreditedInvoice, refundedSoFarCents: Cents, rateBp: number): TaxSplit | undefined {
  const earlier = credited.credits
    .filter((c) => c.reason === 'partial_refund')
    .reduce((total, c) => total - c.totalCents, 0);
  const remaining = remainingOf(credited);
  const gross = Math.min(refundedSoFarCents - earlier, remaining.totalCents);
  if (gross <= 0) return undefined;
  // The last of the invoice is credited exactly as it is left, so that it adds up to zero.
  if (gross === remaining.totalCents) return { taxableCents: remaining.taxableCents, vatCents: remaining.vatCents };
  const split = splitGross(gross, rateBp);
  // Never more VAT or taxable amount back than the invoice has left.
  if (split.vatCents > remaining.vatCents) return { taxableCents: gross - remaining.vatCents, vatCents: remaining.vatCents };
  return split;
}
