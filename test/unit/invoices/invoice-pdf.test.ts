import { describe, expect, it } from 'vitest';
import type { InvoiceDocument } from '../../../src/infra/invoices/invoice-document';
import { invoiceDocumentFromRow } from '../../../src/infra/invoices/invoice-document';
import { renderInvoicePdf } from '../../../src/infra/invoices/invoice-pdf';

interface TextRun {
  x: number;
  /** The baseline, from the top of the page. */
  y: number;
  text: string;
}

/**
 * The text runs of an uncompressed pdfkit PDF, page by page. pdfkit writes each line it
 * draws as one BT…ET block: a `Tm` that places it, then `[<hex> kerning <hex> …] TJ` whose
 * hex strings are the WinAnsi bytes of the text (the standard fonts' encoding).
 */
function pdfPages(pdf: Buffer): TextRun[][] {
  const source = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const [, id, body] of source.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj/g)) objects.set(id!, body!);
  const kids = /\/Type \/Pages\n[\s\S]*?\/Kids \[([^\]]*)\]/.exec(source)?.[1] ?? '';
  const winAnsi = new TextDecoder('windows-1252');
  return [...kids.matchAll(/(\d+) 0 R/g)].map(([, pageId]) => {
    const page = objects.get(pageId!) ?? '';
    const height = Number(/\/MediaBox \[0 0 [\d.]+ ([\d.]+)\]/.exec(page)?.[1]);
    const contents = objects.get(/\/Contents (\d+) 0 R/.exec(page)?.[1] ?? '') ?? '';
    const stream = /stream\n([\s\S]*)\nendstream/.exec(contents)?.[1] ?? '';
    return [...stream.matchAll(/\nBT\n([\s\S]*?)\nET/g)].map(([, block]) => {
      const [, x, y] = /1 0 0 1 ([-\d.]+) ([-\d.]+) Tm/.exec(block!) ?? [];
      const bytes = [...block!.matchAll(/<([0-9a-f]*)>/g)].map(([, hex]) => hex!).join('');
      // A wrapped line keeps the space it was broken at: not part of the text.
      return { x: Number(x), y: height - Number(y), text: winAnsi.decode(Buffer.from(bytes, 'hex')).trimEnd() };
    });
  });
}

/** The runs on the same line as the run `label`, to its right. */
function besides(runs: TextRun[], label: string): string[] {
  const found = runs.filter((r) => r.text === label);
  expect(found, `exactly one "${label}"`).toHaveLength(1);
  const [at] = found;
  return runs.filter((r) => Math.abs(r.y - at!.y) < 0.5 && r.x > at!.x).map((r) => r.text);
}

/** pricing.md's coupon example, invoiced: the new licenses and the upgrade with a 10 % coupon, 21 % VAT. */
function couponExample(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    number: 'INV-2026-000001',
    status: 'paid',
    issuedOn: '2026-11-26',
    paidOn: '2026-11-25',
    currency: 'EUR',
    totalCents: 221239,
    details: {
      seller: {
        name: 'Demo Distribution B.V.',
        bankAccounts: {
          local: { label: 'Local transfer (SEPA)', holder: 'Demo Distribution B.V.', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A', bank: 'ABN AMRO' },
          online: { label: 'Online payment', note: 'Pay by card or through MultiSafepay from the checkout.' },
        },
      },
      buyer: { company: 'Northwind Telecom GmbH', partnerId: 'P-4711', country: 'DE' },
      orderNumber: 1042,
      paymentMethod: 'offline',
      paymentReference: 'TCX-001042-17',
      figures: {
        listCents: 270877, partnerDiscountBp: 2500, partnerDiscountCents: 67719, subtotalCents: 203158,
        couponCode: 'WELCOME10', couponCents: 20316, taxableCents: 182842, vatRateBp: 2100, vatCents: 38397, totalCents: 221239,
      },
      lines: [
        { position: 1, kind: 'new_license', description: 'Professional 16 SC, 2 licenses, 2 years', licenseKey: null, listCents: 238000, partnerDiscountCents: 59500, netCents: 178500 },
        {
          position: 2, kind: 'upgrade', description: 'Upgrade H3LT-9W2E-6RQ1-PK7V: Professional 16 SC to Professional 32 SC, 200 days remaining',
          licenseKey: 'H3LT-9W2E-6RQ1-PK7V', listCents: 32877, partnerDiscountCents: 8219, netCents: 24658,
        },
      ],
    },
    ...overrides,
  };
}

describe('the invoice PDF', () => {
  it('shows the invoice, the buyer and every figure of pricing.md\'s coupon example, as text', async () => {
    const pdf = await renderInvoicePdf(couponExample(), { compress: false });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = pdfPages(pdf);
    expect(pages).toHaveLength(1);
    const runs = pages[0]!;
    const texts = runs.map((r) => r.text);

    expect(texts).toContain('Invoice');
    expect(besides(runs, 'Invoice number')).toEqual(['INV-2026-000001']);
    expect(besides(runs, 'Issue date')).toEqual(['2026-11-26']);
    expect(besides(runs, 'Paid on')).toEqual(['2026-11-25']);
    expect(besides(runs, 'Order number')).toEqual(['1042']);
    expect(besides(runs, 'Payment method')).toEqual(['Bank transfer']);
    expect(besides(runs, 'Payment reference')).toEqual(['TCX-001042-17']);
    expect(texts).toEqual(expect.arrayContaining(['Demo Distribution B.V.', 'Northwind Telecom GmbH', 'Partner ID P-4711', 'Country Germany (DE)']));
    expect(texts).toEqual(expect.arrayContaining(['IBAN: NL91ABNA0417164300', 'BIC: ABNANL2A']));
    // A note without an account says nothing on an invoice that is paid.
    expect(texts.join('\n')).not.toContain('Pay by card');

    // Each line: position, description, key (when there is one), list, partner discount, net.
    expect(besides(runs, '1')).toEqual([expect.stringMatching(/^Professional 16 SC/), 'EUR 2,380.00', 'EUR 595.00', 'EUR 1,785.00']);
    expect(besides(runs, '2')).toEqual([expect.stringMatching(/^Upgrade H3LT/), 'H3LT-9W2E-6RQ1-PK7V', 'EUR 328.77', 'EUR 82.19', 'EUR 246.58']);
    // Descriptions wrap within their column, and read whole.
    const fullText = texts.join(' ');
    expect(fullText).toContain('Professional 16 SC, 2 licenses, 2 years');
    expect(fullText).toContain('Upgrade H3LT-9W2E-6RQ1-PK7V: Professional 16 SC to Professional 32 SC, 200 days remaining');

    expect(besides(runs, 'List total')).toEqual(['EUR 2,708.77']);
    expect(besides(runs, 'Partner discount (25 %)')).toEqual(['EUR -677.19']);
    expect(besides(runs, 'Subtotal')).toEqual(['EUR 2,031.58']);
    expect(besides(runs, 'Coupon WELCOME10')).toEqual(['EUR -203.16']);
    expect(besides(runs, 'Taxable amount')).toEqual(['EUR 1,828.42']);
    expect(besides(runs, 'VAT (21 %)')).toEqual(['EUR 383.97']);
    expect(besides(runs, 'Total')).toEqual(['EUR 2,212.39']);
    expect(texts).not.toContain('EUR 2,212.40');
    expect(texts).not.toContain('Sandbox license keys: not issued by 3CX');
  });

  it('leaves out the coupon when there is none, and writes rates with their decimals', async () => {
    const example = couponExample();
    const invoice = couponExample({
      totalCents: 241799,
      details: {
        ...example.details,
        figures: { ...example.details.figures, couponCode: null, couponCents: 0, taxableCents: 203158, vatRateBp: 1902, vatCents: 38641, totalCents: 241799 },
      },
    });
    const texts = pdfPages(await renderInvoicePdf(invoice, { compress: false })).flat().map((r) => r.text);
    expect(texts.some((t) => t.startsWith('Coupon') || t === 'Taxable amount')).toBe(false);
    expect(texts).toEqual(expect.arrayContaining(['VAT (19.02 %)', 'EUR 386.41', 'EUR 2,417.99']));
  });

  it('says on every page that sandbox keys were not issued by 3CX, when asked to', async () => {
    const runs = pdfPages(await renderInvoicePdf(couponExample(), { compress: false, sandbox: true })).flat();
    expect(runs.map((r) => r.text)).toContain('Sandbox license keys: not issued by 3CX');
  });

  it('compresses its pages unless told not to', async () => {
    const pdf = (await renderInvoicePdf(couponExample())).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf).toContain('/FlateDecode');
    expect(pdf).not.toContain('TJ');
  });

  it('reads an invoices row, and refuses one whose details disagree with it', () => {
    const { details } = couponExample();
    const row = { number: 'INV-2026-000001', status: 'paid', issued_on: '2026-11-26', paid_on: '2026-11-25', currency: 'EUR', total_cents: 221239, details };
    expect(invoiceDocumentFromRow(row)).toEqual(couponExample());
    expect(() => invoiceDocumentFromRow({ ...row, total_cents: 221240 })).toThrow(/INV-2026-000001.*221240/);
    expect(() => invoiceDocumentFromRow({ ...row, details: { source: 'demo' } })).toThrow(/INV-2026-000001 cannot be printed/);
  });
});
