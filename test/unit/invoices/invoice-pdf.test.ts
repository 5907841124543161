import { describe, expect, it } from 'vitest';
import type { InvoiceDetails } from '../../../src/domain/invoicing/documents';
import { renderCreditNotePdf } from '../../../src/infra/invoices/credit-note-pdf';
import { creditNoteDocumentFromRow, invoiceDocumentFromRow, type CreditNoteDocument, type InvoiceDocument } from '../../../src/infra/invoices/invoice-document';
import { renderInvoicePdf } from '../../../src/infra/invoices/invoice-pdf';
import { renderCustomerQuotePdf } from '../../../src/infra/invoices/quote-pdf';
import { allText, besides, pdfPages } from '../../support/pdf-text';

const seller: InvoiceDetails['seller'] = {
  name: 'Demo Distribution B.V.', legalName: 'Demo Distribution B.V.', address: { street: 'Keizersgracht 123', postcode: '1015 CJ', city: 'Amsterdam', country: 'NL' },
  vatId: 'NL859652349B01', chamberOfCommerce: 'KvK 81234567',
  bankAccounts: {
    local: { label: 'Local transfer (SEPA)', holder: 'Demo Distribution B.V.', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', bank: 'ABN AMRO' },
    online: { label: 'Online payment', note: 'Pay by card or through MultiSafepay from the checkout.' },
  },
};
const buyer: InvoiceDetails['buyer'] = {
  company: 'Northwind Telecom', legalName: 'Northwind Telecom GmbH', partnerId: 'P-4711', country: 'DE',
  address: { street: 'Domstraße 7', postcode: '50668', city: 'Köln', country: 'DE' }, vatId: 'DE123456789',
};

/** pricing.md's coupon example, invoiced at home: the new licenses and the upgrade with a 10 % coupon, 21 % VAT. */
function couponExample(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    number: 'INV-2026-000001', status: 'paid', issuedOn: '2026-11-26', paidOn: '2026-11-25', dueOn: null, currency: 'EUR', totalCents: 221239,
    issuedKeys: { 1: ['KEY1-AAAA-BBBB-CCCC', 'KEY2-AAAA-BBBB-CCCC'] }, suppliedOn: '2026-11-26', creditNotes: [],
    details: {
      version: 2, seller, buyer: { ...buyer, address: { street: 'Stationsplein 45', postcode: '3511 ED', city: 'Utrecht', country: 'NL' }, country: 'NL', vatId: 'NL001234567B02' },
      orderNumber: 1042, paymentMethod: 'offline', paymentReference: 'TCX-001042-17', supplyDate: '2026-11-26', dueOn: null,
      vat: { treatment: 'domestic', rateBp: 2100, mention: null },
      figures: {
        listCents: 270877, partnerDiscountBp: 2500, partnerDiscountCents: 67719, subtotalCents: 203158,
        couponCode: 'WELCOME10', couponCents: 20316, taxableCents: 182842, vatRateBp: 2100, vatCents: 38397, totalCents: 221239,
      },
      lines: [
        { position: 1, kind: 'new_license', description: 'Professional 16 SC, 2 licenses, 2 years', licenseKey: null, endCustomer: 'Harbor Dental', quantity: 2, unitListCents: 119000, listCents: 238000, partnerDiscountCents: 59500, netCents: 178500 },
        {
          position: 2, kind: 'upgrade', description: 'Upgrade H3LT-9W2E-6RQ1-PK7V: Professional 16 SC to Professional 32 SC, 200 days remaining',
          licenseKey: 'H3LT-9W2E-6RQ1-PK7V', endCustomer: null, quantity: 1, unitListCents: 32877, listCents: 32877, partnerDiscountCents: 8219, netCents: 24658,
        },
      ],
    },
    ...overrides,
  };
}

describe('the invoice PDF', () => {
  it('puts each line\'s keys and end customer under its description, and the header\'s titles above the first row', async () => {
    const [page] = await pdfPages(await renderInvoicePdf(couponExample()));
    const runs = page!.runs;
    expect(besides(runs, '1', 80)).toEqual(['Professional 16 SC, 2 licenses, 2 years', '2', 'EUR 1,190.00', 'EUR 2,380.00', 'EUR 595.00', 'EUR 1,785.00']);
    const first = runs.find((r) => r.text === 'Professional 16 SC, 2 licenses, 2 years')!;
    const under = runs.filter((r) => Math.abs(r.x - first.x) < 1 && r.y > first.y).sort((a, b) => a.y - b.y).slice(0, 3).map((r) => r.text);
    expect(under).toEqual(['For Harbor Dental', 'KEY1-AAAA-BBBB-CCCC', 'KEY2-AAAA-BBBB-CCCC']);
    // "Partner discount" wraps in its narrow column, inside the grey band, above the rows.
    const discountTitle = runs.filter((r) => r.text === 'Partner' || r.text === 'discount');
    expect(discountTitle).toHaveLength(2);
    for (const title of discountTitle) expect(title.y).toBeLessThan(first.y - 9);
  });

  it('leaves out the coupon when there is none, and writes rates with their decimals', async () => {
    const example = couponExample();
    const invoice = couponExample({
      totalCents: 241799,
      details: {
        ...example.details,
        vat: { treatment: 'domestic', rateBp: 1902, mention: null },
        figures: { ...example.details.figures, couponCode: null, couponCents: 0, taxableCents: 203158, vatRateBp: 1902, vatCents: 38641, totalCents: 241799 },
      },
    });
    const runs = (await pdfPages(await renderInvoicePdf(invoice))).flatMap((p) => p.runs);
    expect(runs.some((r) => r.text.startsWith('Coupon'))).toBe(false);
    expect(besides(runs, 'Taxable amount at 19.02 %')).toEqual(['EUR 2,031.58']);
    expect(besides(runs, 'VAT 19.02 %')).toEqual(['EUR 386.41']);
    expect(besides(runs, 'Total (EUR)')).toEqual(['EUR 2,417.99']);
  });

  it('says on every page that sandbox keys were not issued by 3CX, when asked to', async () => {
    const pages = await pdfPages(await renderInvoicePdf(couponExample(), { sandbox: true }));
    for (const page of pages) expect(page.runs.map((r) => r.text)).toContain('Sandbox license keys: not issued by 3CX');
    expect(allText(await pdfPages(await renderInvoicePdf(couponExample())))).not.toContain('Sandbox');
  });

  it('compresses its pages unless told not to', async () => {
    const pdf = (await renderInvoicePdf(couponExample())).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toContain('/FlateDecode');
    expect(pdf).not.toContain('TJ');
    expect((await renderInvoicePdf(couponExample(), { compress: false })).toString('latin1')).toContain('TJ');
  });

  it('reads an invoices row, and refuses one whose details disagree with it', () => {
    const { details } = couponExample();
    const row = { number: 'INV-2026-000001', status: 'paid', issued_on: '2026-11-26', paid_on: '2026-11-25', due_on: null, currency: 'EUR', total_cents: 221239, details };
    expect(invoiceDocumentFromRow(row, { issuedKeys: couponExample().issuedKeys })).toEqual(couponExample());
    expect(() => invoiceDocumentFromRow({ ...row, total_cents: 221240 })).toThrow(/INV-2026-000001.*221240/);
    expect(() => invoiceDocumentFromRow({ ...row, details: { source: 'demo' } })).toThrow(/INV-2026-000001 cannot be printed/);
  });

  it('prints an invoice issued before legal details were frozen with it as it was: its names, no address, no mention', async () => {
    const v1 = {
      seller: { name: 'Demo Distribution B.V.', bankAccounts: seller.bankAccounts },
      buyer: { company: 'Bright Voice Ltd', partnerId: '100002', country: 'GB' },
      orderNumber: 7, paymentMethod: 'card', paymentReference: 'TCX-000007-11',
      figures: { listCents: 59500, partnerDiscountBp: 2000, partnerDiscountCents: 11900, subtotalCents: 47600, couponCode: null, couponCents: 0, taxableCents: 47600, vatRateBp: 0, vatCents: 0, totalCents: 47600 },
      lines: [{ position: 1, kind: 'new_license', description: 'Professional 16 SC, 1 license, 1 year', licenseKey: null, listCents: 59500, partnerDiscountCents: 11900, netCents: 47600 }],
    };
    const invoice = invoiceDocumentFromRow({ number: 'INV-2026-000007', status: 'paid', issued_on: '2026-06-01', paid_on: '2026-06-01', currency: 'EUR', total_cents: 47600, details: v1 });
    expect(invoice.details).toMatchObject({ version: 2, supplyDate: '2026-06-01', vat: { treatment: 'domestic', rateBp: 0, mention: null }, seller: { legalName: 'Demo Distribution B.V.', address: null, vatId: null }, buyer: { legalName: 'Bright Voice Ltd', vatId: null } });
    const runs = (await pdfPages(await renderInvoicePdf(invoice))).flatMap((p) => p.runs);
    expect(runs.map((r) => r.text)).toEqual(expect.arrayContaining(['Bright Voice Ltd', 'Country GB', 'Partner ID 100002']));
    expect(besides(runs, 'Total (EUR)')).toEqual(['EUR 476.00']);
  });
});

describe('the credit note PDF', () => {
  const creditNote = (): CreditNoteDocument => creditNoteDocumentFromRow({
    number: 'CN-2027-000001', issued_on: '2027-01-02', currency: 'EUR', total_cents: -1200,
    details: {
      version: 2, seller, buyer, invoice: { number: 'INV-2026-000042', issuedOn: '2026-12-20' }, orderNumber: 42, reason: 'partial_refund',
      vat: { treatment: 'reverse_charge', rateBp: 0, mention: 'VAT reverse charged (Art. 196 Directive 2006/112/EC). Supplier VAT ID NL859652349B01, customer VAT ID DE123456789.' },
      refundedCents: 1200, lines: [{ description: 'Partial refund of invoice INV-2026-000042', licenseKey: null, netCents: -1200 }],
      figures: { taxableCents: -1200, vatCents: 0, totalCents: -1200 },
    },
  });

  it('refers to its invoice, takes its amounts back negative, and keeps the invoice\'s VAT mention', async () => {
    const pages = await pdfPages(await renderCreditNotePdf(creditNote()));
    const runs = pages.flatMap((p) => p.runs);
    expect(runs.map((r) => r.text)).toEqual(expect.arrayContaining(['Credit note', 'Demo Distribution B.V.', 'VAT ID NL859652349B01', 'Northwind Telecom GmbH', 'VAT ID DE123456789']));
    expect(besides(runs, 'Credits invoice')).toEqual(['INV-2026-000042 of 2026-12-20']);
    expect(besides(runs, 'Reason')).toEqual(['Partial refund of the payment']);
    expect(besides(runs, '1', 80)).toEqual(['Partial refund of invoice INV-2026-000042', 'EUR -12.00']);
    expect(besides(runs, 'VAT 0 % (reverse charged)')).toEqual(['EUR 0.00']);
    expect(besides(runs, 'Total (EUR)')).toEqual(['EUR -12.00']);
    expect(allText(pages)).toContain('Supplier VAT ID NL859652349B01, customer VAT ID DE123456789.');
  });

  it('refuses a credit note row that is not one', () => {
    const row = { number: 'CN-2027-000001', issued_on: '2027-01-02', currency: 'EUR', total_cents: 1200, details: creditNote().details };
    expect(() => creditNoteDocumentFromRow(row)).toThrow(/CN-2027-000001 cannot be printed/);
  });
});

describe('the customer quote PDF', () => {
  it('breaks a long quote over pages between rows, its header on each', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({ description: `Enterprise ${i + 1} line with a description long enough to wrap onto a second line in its column`, quantity: 1, amountCents: 10_000 + i }));
    const pdf = await renderCustomerQuotePdf({
      reference: null, issuedOn: '2026-11-26', validUntil: '2026-12-26', currency: 'EUR', from: { company: 'Acme', legalName: 'Acme Telecom B.V.', address: null, vatId: null },
      to: { company: 'Harbor Dental', contact: null }, lines, totalCents: lines.reduce((s, l) => s + l.amountCents, 0),
    });
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(1);
    const positions = pages.flatMap((p, n) => p.runs.filter((r) => /^\d+$/.test(r.text) && r.x < 80).map((r) => ({ ...r, n })));
    expect(positions.map((r) => r.text)).toEqual(lines.map((_, i) => String(i + 1)));
    for (const [n, page] of pages.entries()) {
      expect(page.runs.find((r) => r.text === 'Description')).toBeDefined();
      expect(page.runs.find((r) => r.text.startsWith('Page '))?.text).toBe(`Page ${n + 1} of ${pages.length}`);
    }
    expect(allText(pages)).toContain('Total (EUR, excl. VAT) EUR 4,007.80');
    expect(allText(pages)).toContain('To order, reply to Acme Telecom B.V. Acme');
  });
});
