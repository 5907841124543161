import { describe, expect, it } from 'vitest';
import { en } from '../../../src/conversation/i18n/en';
import { computeTotals } from '../../../src/domain/pricing/totals';

describe('the words for invoices, credit notes and VAT treatments', () => {
  it('lists a credit note with the invoice it credits and its amount taken back, an unpaid invoice with its due date', () => {
    const base = { id: 'x', resellerId: 'r', orderId: 'o', currency: 'EUR', paidOn: null, vatTreatment: 'domestic' as const };
    expect(en.invoices.line(1, { ...base, kind: 'credit_note', number: 'CN-2027-000001', issuedOn: '2027-01-02', status: 'issued', totalCents: -1200, creditedInvoiceNumber: 'INV-2026-000042', dueOn: null }))
      .toBe('1. CN-2027-000001 — 2027-01-02, credit note for INV-2026-000042, −EUR 12.00');
    expect(en.invoices.line(2, { ...base, kind: 'invoice', number: 'INV-2026-000042', issuedOn: '2026-11-26', status: 'unpaid', totalCents: 221239, creditedInvoiceNumber: null, dueOn: '2026-12-10' }))
      .toBe('2. INV-2026-000042 — 2026-11-26, EUR 2,212.39, unpaid, due 2026-12-10');
    expect(en.invoices.line(3, { ...base, kind: 'invoice', number: 'INV-2026-000043', issuedOn: '2026-11-26', status: 'void', totalCents: 100, creditedInvoiceNumber: null, dueOn: '2026-12-10' }))
      .toBe('3. INV-2026-000043 — 2026-11-26, EUR 1.00, cancelled');
    // An entry of an older list (no kind) reads as before.
    expect(en.invoices.line(4, { ...base, number: 'INV-DEMO-0002', issuedOn: '2026-10-24', status: 'paid', paidOn: '2026-10-27', totalCents: 144595 }))
      .toBe('4. INV-DEMO-0002 — 2026-10-24, EUR 1,445.95, paid on 2026-10-27');
  });

  it('says in the order summary why there is no VAT', () => {
    const totals = computeTotals([{ kind: 'new_license', listCents: 238000 }], 1500, 0, null);
    expect(en.checkout.review({ ...totals, vatTreatment: 'reverse_charge' }, 'EUR', null, 1500, 0)).toContain('VAT reverse charged (0 %): EUR 0.00');
    expect(en.checkout.review({ ...totals, vatTreatment: 'outside_eu' }, 'EUR', null, 1500, 0)).toContain('VAT (0 %, outside the scope of EU VAT): EUR 0.00');
    expect(en.checkout.review({ ...totals, vatTreatment: 'domestic' }, 'EUR', null, 1500, 0)).toContain('VAT (0 %): EUR 0.00');
    expect(en.checkout.review(totals, 'EUR', null, 1500, 0)).toContain('VAT (0 %): EUR 0.00');
  });
});
