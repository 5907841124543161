import { describe, expect, it } from 'vitest';
import { creditNoteNumber, partialRefundCredit, remainingOf, splitGross, type CreditedInvoice } from '../../../../src/domain/invoicing/credit-notes';

// pricing.md's coupon example, invoiced: taxable 1,828.42, VAT 383.97 (21 %), total 2,212.39.
const invoice = { totalCents: 221239, taxableCents: 182842, vatCents: 38397 };
const credit = (taxableCents: number, vatCents: number, reason: 'partial_refund' | 'refund' = 'partial_refund') =>
  ({ taxableCents: -taxableCents, vatCents: -vatCents, totalCents: -(taxableCents + vatCents), reason, details: {} });

describe('credit notes', () => {
  it('are numbered CN-<year>-<six digits>', () => {
    expect(creditNoteNumber(2027, 1)).toBe('CN-2027-000001');
    expect(creditNoteNumber(2027, 123456)).toBe('CN-2027-123456');
  });

  it('split a refunded gross amount: taxable = round(gross / (1 + rate)), VAT the rest', () => {
    // 12.00 at 21 %: 1200 / 1.21 = 991.74 cents, so 9.92 taxable and 2.08 VAT.
    expect(splitGross(1200, 2100)).toEqual({ taxableCents: 992, vatCents: 208 });
    // 121.00 at 21 % splits exactly.
    expect(splitGross(12100, 2100)).toEqual({ taxableCents: 10000, vatCents: 2100 });
    // 0.61 at 21 %: 61 / 1.21 = 50.41 cents, so 0.50 and 0.11.
    expect(splitGross(61, 2100)).toEqual({ taxableCents: 50, vatCents: 11 });
    // 1 cent at 19 %: 1 / 1.19 = 0.84 → 1, VAT 0.
    expect(splitGross(1, 1900)).toEqual({ taxableCents: 1, vatCents: 0 });
    // 3 cents at 100 %: 1.5 rounds half up to 2.
    expect(splitGross(3, 10_000)).toEqual({ taxableCents: 2, vatCents: 1 });
    // 0 % (reverse charge, outside the EU): all of it is taxable amount.
    expect(splitGross(50000, 0)).toEqual({ taxableCents: 50000, vatCents: 0 });
    for (const gross of [1, 7, 99, 1234, 221239]) {
      const split = splitGross(gross, 2100);
      expect(split.taxableCents + split.vatCents).toBe(gross);
    }
  });

  it('know what of an invoice is left to credit', () => {
    const credited: CreditedInvoice = { invoice, credits: [credit(992, 208)] };
    expect(remainingOf(credited)).toEqual({ taxableCents: 182842 - 992, vatCents: 38397 - 208, totalCents: 221239 - 1200 });
    expect(remainingOf({ invoice, credits: [credit(182842, 38397, 'refund')] })).toEqual({ taxableCents: 0, vatCents: 0, totalCents: 0 });
    // An invoice imported without its taxable amount and VAT is all taxable.
    expect(remainingOf({ invoice: { totalCents: 23595, taxableCents: null, vatCents: null }, credits: [] })).toEqual({ taxableCents: 23595, vatCents: 0, totalCents: 23595 });
  });

  it('credit a partial refund once: the amount refunded so far, less what earlier partial refunds credited', () => {
    expect(partialRefundCredit({ invoice, credits: [] }, 1200, 2100)).toEqual({ taxableCents: 992, vatCents: 208 });
    // Stripe reports 12.00 again, then 20.00 in all: 8.00 more.
    expect(partialRefundCredit({ invoice, credits: [credit(992, 208)] }, 1200, 2100)).toBeUndefined();
    expect(partialRefundCredit({ invoice, credits: [credit(992, 208)] }, 2000, 2100)).toEqual(splitGross(800, 2100));
    // Never more than is left; the last of it exactly as it is left.
    expect(partialRefundCredit({ invoice, credits: [credit(992, 208)] }, 999_999_99, 2100)).toEqual({ taxableCents: 182842 - 992, vatCents: 38397 - 208 });
    expect(partialRefundCredit({ invoice, credits: [credit(182842, 38397, 'refund')] }, 500, 2100)).toBeUndefined();
  });
});
