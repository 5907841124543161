// Every kind of document, made from orders on PostgreSQL with the demo data and read back as
// text with PDF.js: an invoice at home (Acme, NL), one reverse charged (Rhein Telefonie, DE), one
// outside the EU (Bright Voice, GB), an unpaid one, credit notes, and a quote for a customer —
// each required item of Directive 2006/112/EC art. 226, and the amounts of pricing.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order, PaymentMethod } from '../../../src/domain/orders/order';
import type { Edition } from '../../../src/domain/pricing/catalog';
import { addToCart, viewCart } from '../../../src/domain/use-cases/cart';
import { checkCouponForCart, checkoutTotals, placeOrder } from '../../../src/domain/use-cases/checkout';
import { quoteForCustomer } from '../../../src/domain/use-cases/customer-quote';
import { verifyLicenseKey } from '../../../src/domain/use-cases/licenses';
import { expireOrder, fulfilOrder, markOrderPaid } from '../../../src/domain/use-cases/orders';
import { settlePayment } from '../../../src/domain/use-cases/settle-payment';
import { yearlyStatement } from '../../../src/domain/use-cases/statement';
import { pdfDocuments } from '../../../src/infra/invoices/pdf-documents';
import { demoStore } from '../../support/demo-store';
import { allText, besides, pdfPages, type PdfPage } from '../../support/pdf-text';
import { t } from '../../../src/conversation/wording';

const NOW = new Date('2026-11-26T10:00:00Z');
const DEADLINE = new Date('2026-12-10T23:59:59Z');
type Demo = Awaited<ReturnType<typeof demoStore>>;
type NewLicense = { edition: Edition; sc: number; quantity: number; additionalYears: number };
/** pricing.md's first worked example: Professional 16 SC, quantity 2, 1 additional year (list 2,380.00). */
const WORKED: NewLicense = { edition: 'professional', sc: 16, quantity: 2, additionalYears: 1 };

/** Fills `username`'s cart (new licenses, and pricing.md's upgrade of H3LT… for demo). */
async function fillCart(demo: Demo, username: string, lines: NewLicense[], upgrade = false, upgradeTo = 32): Promise<void> {
  const { user } = await demo.userNamed(username);
  await demo.store.transaction(async (repos) => {
    for (const line of lines) {
      const added = await addToCart(repos, demo.provider, { user, today: demo.today, now: new Date(), request: { kind: 'new_license', ...line, customerId: null } });
      if (added.kind !== 'added') throw new Error(`not added: ${added.kind}`);
    }
    if (upgrade) {
      const key = await verifyLicenseKey(repos, demo.provider, { resellerId: user.resellerId, typedKey: 'H3LT-9W2E-6RQ1-PK7V', purpose: 'upgrade', today: demo.today });
      if (key.kind !== 'ok') throw new Error(`verification: ${key.kind}`);
      const added = await addToCart(repos, demo.provider, { user, today: demo.today, now: new Date(), request: { kind: 'upgrade', licenseId: key.license.id, licenseKey: key.license.key, toEdition: 'professional', toSc: upgradeTo } });
      if (added.kind !== 'added') throw new Error(`not added: ${added.kind}`);
    }
  });
}

async function placeOrderOf(demo: Demo, username: string, lines: NewLicense[], extra: { upgrade?: boolean; couponCode?: string; method?: PaymentMethod } = {}): Promise<Order> {
  await fillCart(demo, username, lines, extra.upgrade);
  const { user, reseller } = await demo.userNamed(username);
  return demo.store.transaction(async (repos) => {
    const { lines: cart } = await viewCart(repos, { user, reseller });
    const coupon = extra.couponCode ? await checkCouponForCart(repos, { reseller, code: extra.couponCode, lines: cart, today: demo.today }) : null;
    const placed = await placeOrder(repos, demo.provider, {
      user, reseller, currency: 'EUR', method: extra.method ?? 'offline', couponCode: extra.couponCode ?? null, confirmedTotalCents: checkoutTotals(cart, reseller, coupon).totalCents,
      idempotencyKey: `place-${username}-${Math.random()}`, channel: 'console', chatId: 'local', now: NOW, today: demo.today, expiresAt: DEADLINE, describeLine: t.describeLine,
    });
    if (placed.kind !== 'placed') throw new Error(`not placed: ${placed.kind}`);
    return placed.order;
  });
}

async function payAndFulfil(demo: Demo, order: Order, at = NOW): Promise<void> {
  const fulfilled = await demo.store.transaction(async (repos) => {
    await markOrderPaid(repos, { orderId: order.id, payment: { orderId: order.id, method: order.paymentMethod, providerRef: `pay-${order.number}`, status: 'completed', amountCents: order.totalCents, currency: order.currency, confirmedBy: 'staff', details: {} }, at, actor: 'staff' });
    return fulfilOrder(repos, demo.provider, { orderId: order.id, at, today: demo.today, actor: 'test' });
  });
  if (fulfilled.kind !== 'fulfilled') throw new Error(`not fulfilled: ${fulfilled.kind}`);
}

describe('invoices, credit notes and quotes as PDF, from PostgreSQL', () => {
  let demo: Demo;
  let documents: ReturnType<typeof pdfDocuments>;
  beforeAll(async () => {
    demo = await demoStore();
    documents = pdfDocuments(demo.knex);
  });
  afterAll(async () => demo?.drop());

  const invoiceOf = async (order: Order) => demo.knex('invoices').where({ order_id: order.id }).first();
  async function pdfOf(kind: 'invoice' | 'credit_note', id: string, resellerId: string): Promise<{ filename: string; pages: PdfPage[] }> {
    const file = await documents.invoicePdf(resellerId, { kind, id });
    if (!file) throw new Error(`no PDF of ${kind} ${id}`);
    expect(file.mimeType).toBe('application/pdf');
    return { filename: file.filename, pages: await pdfPages(file.content) };
  }
  /** The position column of a table: what stands left of this. */
const FIRST_COLUMN = 80;
/** The seller as every document of the demo distributor names it. */
  const SELLER = ['Demo Distribution B.V.', 'Keizersgracht 123', '1015 CJ Amsterdam', 'Netherlands', 'VAT ID NL859652349B01', 'Chamber of commerce KvK 81234567'];

  it('an invoice at home (Acme, NL, 21 %): pricing.md\'s coupon example, paid, with every required item', async () => {
    const order = await placeOrderOf(demo, 'demo', [WORKED], { upgrade: true, couponCode: 'WELCOME10' });
    expect(order.totalCents).toBe(221239);
    await payAndFulfil(demo, order);
    const invoice = await invoiceOf(order);
    const { filename, pages } = await pdfOf('invoice', invoice.id, order.resellerId);
    expect(filename).toBe(`${invoice.number}.pdf`);
    expect(pages).toHaveLength(1);
    const runs = pages[0]!.runs;
    const texts = runs.map((r) => r.text);
    expect(texts).toEqual(expect.arrayContaining(['Invoice', 'PAID', ...SELLER, 'Bill to', 'Acme Telecom B.V.', 'Stationsplein 45', '3511 ED Utrecht', 'VAT ID NL001234567B02', 'Partner ID 100001']));
    expect(besides(runs, 'Invoice number')).toEqual([invoice.number]);
    expect(besides(runs, 'Issue date')).toEqual(['2026-11-26']);
    expect(besides(runs, 'Date of supply')).toEqual(['2026-11-26']);
    expect(besides(runs, 'Paid on')).toEqual(['2026-11-26']);
    expect(besides(runs, 'Order number')).toEqual([String(order.number)]);
    expect(besides(runs, 'Payment method')).toEqual(['Bank transfer']);
    expect(besides(runs, 'Payment reference')).toEqual([order.paymentReference]);
    // Each line: what, which keys, for whom, how many, unit list price, list, partner discount, net.
    expect(besides(runs, '1', FIRST_COLUMN)).toEqual(['Professional 16 SC, 2 licenses, 2 years', '2', 'EUR 1,190.00', 'EUR 2,380.00', 'EUR 595.00', 'EUR 1,785.00']);
    const issuedKeys = (await demo.knex('license_events').join('licenses', 'licenses.id', 'license_events.license_id').where({ 'license_events.order_id': order.id, 'license_events.kind': 'issued' }).pluck('licenses.license_key')).sort();
    expect(issuedKeys).toHaveLength(2);
    expect(texts).toEqual(expect.arrayContaining(issuedKeys));
    expect(besides(runs, '2', FIRST_COLUMN)).toEqual([expect.stringMatching(/^Upgrade H3LT-9W2E-6RQ1-PK7V/), '1', 'EUR 328.77', 'EUR 328.77', 'EUR 82.19', 'EUR 246.58']);
    // A description wraps in its column and reads whole.
    expect(allText(pages)).toContain('Upgrade H3LT-9W2E-6RQ1-PK7V: Professional 16 SC to Professional 32 SC, 200 days remaining');
    expect(texts).toEqual(expect.arrayContaining(['For Nordic Freight', 'H3LT-9W2E-6RQ1-PK7V']));
    // The figures of pricing.md: taxable amount at its rate, the VAT, the total in its currency.
    expect(besides(runs, 'List total')).toEqual(['EUR 2,708.77']);
    expect(besides(runs, 'Partner discount (25 %)')).toEqual(['EUR -677.19']);
    expect(besides(runs, 'Subtotal')).toEqual(['EUR 2,031.58']);
    expect(besides(runs, 'Coupon WELCOME10')).toEqual(['EUR -203.16']);
    expect(besides(runs, 'Taxable amount at 21 %')).toEqual(['EUR 1,828.42']);
    expect(besides(runs, 'VAT 21 %')).toEqual(['EUR 383.97']);
    expect(besides(runs, 'Total (EUR)')).toEqual(['EUR 2,212.39']);
    const text = allText(pages);
    expect(text).not.toMatch(/reverse charged|Outside the scope/);
    expect(text).toContain(`Paid in full on 2026-11-26 by bank transfer, payment reference ${order.paymentReference}.`);
  });

  it('an unpaid invoice (a bank transfer, pricing.md\'s first example): due date, bank details and payment reference', async () => {
    const order = await placeOrderOf(demo, 'demo', [WORKED]);
    expect(order.totalCents).toBe(215985);
    const invoice = await invoiceOf(order);
    expect(invoice).toMatchObject({ status: 'unpaid', due_on: '2026-12-10', paid_on: null });
    const { pages } = await pdfOf('invoice', invoice.id, order.resellerId);
    const runs = pages.flatMap((p) => p.runs);
    expect(runs.map((r) => r.text)).toEqual(expect.arrayContaining(['UNPAID', 'Keys are issued on payment', 'IBAN: NL91ABNA0417164300', 'BIC: ABNANL2A', 'Account holder: Demo Distribution B.V.']));
    expect(besides(runs, 'Due date')).toEqual(['2026-12-10']);
    expect(besides(runs, 'Date of supply')).toEqual(['on receipt of payment']);
    expect(besides(runs, 'Payment reference')).toEqual([order.paymentReference]);
    expect(besides(runs, 'Taxable amount at 21 %')).toEqual(['EUR 1,785.00']);
    expect(besides(runs, 'VAT 21 %')).toEqual(['EUR 374.85']);
    expect(besides(runs, 'Total (EUR)')).toEqual(['EUR 2,159.85']);
    expect(allText(pages)).toContain(`Please pay EUR 2,159.85 by 2026-12-10 by bank transfer to the account below, with the payment reference ${order.paymentReference}.`);
    expect(runs.some((r) => r.text === 'Paid on')).toBe(false);
  });

  it('a credit note cancels the invoice of an order not paid in time; the invoice then says so', async () => {
    const order = await placeOrderOf(demo, 'demo', [WORKED]);
    const invoice = await invoiceOf(order);
    const change = await demo.store.transaction((repos) => expireOrder(repos, { orderId: order.id, at: new Date('2026-12-11T00:00:01Z') }));
    expect(change.kind).toBe('changed');
    const credit = await demo.knex('credit_notes').where({ order_id: order.id }).first();
    expect(credit).toMatchObject({ reason: 'cancellation', total_cents: -215985, taxable_cents: -178500, vat_cents: -37485, issued_on: '2026-12-11', invoice_id: invoice.id });
    expect(credit.number).toMatch(/^CN-2026-\d{6}$/);

    const { filename, pages } = await pdfOf('credit_note', credit.id, order.resellerId);
    expect(filename).toBe(`${credit.number}.pdf`);
    const runs = pages.flatMap((p) => p.runs);
    expect(runs.map((r) => r.text)).toEqual(expect.arrayContaining(['Credit note', ...SELLER, 'Credited to', 'Acme Telecom B.V.', 'VAT ID NL001234567B02', 'Professional 16 SC, 2 licenses, 2 years', 'EUR -1,785.00']));
    expect(besides(runs, 'Credit note number')).toEqual([credit.number]);
    expect(besides(runs, 'Issue date')).toEqual(['2026-12-11']);
    expect(besides(runs, 'Credits invoice')).toEqual([`${invoice.number} of 2026-11-26`]);
    expect(besides(runs, 'Reason')).toEqual(['Order cancelled before payment']);
    expect(besides(runs, 'Taxable amount at 21 %')).toEqual(['EUR -1,785.00']);
    expect(besides(runs, 'VAT 21 %')).toEqual(['EUR -374.85']);
    expect(besides(runs, 'Total (EUR)')).toEqual(['EUR -2,159.85']);

    const cancelled = await pdfOf('invoice', invoice.id, order.resellerId);
    expect(cancelled.pages[0]!.runs.map((r) => r.text)).toContain('CANCELLED');
    expect(allText(cancelled.pages)).toContain(`Cancelled by credit note ${credit.number} of 2026-12-11 (EUR -2,159.85): nothing is to be paid.`);
  });

  it('an invoice reverse charged (Rhein Telefonie, DE, with a VAT ID) and its partial refund\'s credit note, with the mention naming both VAT IDs', async () => {
    const order = await placeOrderOf(demo, 'rhein', [WORKED], { method: 'card' });
    // 2,380.00 list, Bronze 15 % (357.00): 2,023.00; no VAT.
    expect(order).toMatchObject({ listCents: 238000, partnerDiscountCents: 35700, taxableCents: 202300, vatRateBp: 0, vatCents: 0, totalCents: 202300, vatTreatment: 'reverse_charge' });
    await payAndFulfil(demo, order);
    const invoice = await invoiceOf(order);
    const { pages } = await pdfOf('invoice', invoice.id, order.resellerId);
    const runs = pages.flatMap((p) => p.runs);
    expect(runs.map((r) => r.text)).toEqual(expect.arrayContaining([...SELLER, 'Rhein Telefonie GmbH', 'Domstraße 7', '50668 Köln', 'Germany', 'VAT ID DE123456789', 'Partner ID 100003']));
    expect(besides(runs, 'Payment method')).toEqual(['Card']);
    expect(besides(runs, 'Partner discount (15 %)')).toEqual(['EUR -357.00']);
    expect(besides(runs, 'Taxable amount at 0 %')).toEqual(['EUR 2,023.00']);
    expect(besides(runs, 'VAT 0 % (reverse charged)')).toEqual(['EUR 0.00']);
    expect(besides(runs, 'Total (EUR)')).toEqual(['EUR 2,023.00']);
    const mention = 'VAT reverse charged (Art. 196 Directive 2006/112/EC). Supplier VAT ID NL859652349B01, customer VAT ID DE123456789.';
    expect(allText(pages)).toContain(mention);

    await demo.store.transaction((repos) => settlePayment(repos, demo.provider, {
      orderId: order.id, method: 'card', providerRef: 'cs_rhein', confirmedBy: null, at: new Date('2026-11-30T09:00:00Z'), today: '2026-11-30',
      payment: { outcome: 'partially_refunded', providerStatus: 'partially_refunded', amountCents: order.totalCents, currency: 'EUR', refundedCents: 5000 },
    }));
    const credit = await demo.knex('credit_notes').where({ order_id: order.id }).first();
    expect(credit).toMatchObject({ reason: 'partial_refund', taxable_cents: -5000, vat_cents: 0, total_cents: -5000, vat_treatment: 'reverse_charge' });
    const creditPdf = await pdfOf('credit_note', credit.id, order.resellerId);
    const creditRuns = creditPdf.pages.flatMap((p) => p.runs);
    expect(besides(creditRuns, 'Reason')).toEqual(['Partial refund of the payment']);
    expect(besides(creditRuns, 'VAT 0 % (reverse charged)')).toEqual(['EUR 0.00']);
    expect(besides(creditRuns, 'Total (EUR)')).toEqual(['EUR -50.00']);
    expect(allText(creditPdf.pages)).toContain(mention);
    expect(allText(creditPdf.pages)).toContain(`EUR 50.00 of invoice ${invoice.number} is taken back (refunded EUR 50.00).`);
  });

  it('an invoice outside the EU (Bright Voice, GB, explicit 0 %), and a partial refund at 21 % split by the rounding rule', async () => {
    const order = await placeOrderOf(demo, 'bright', [WORKED], { method: 'multisafepay' });
    // 2,380.00 list, Silver 20 % (476.00): 1,904.00; no VAT.
    expect(order).toMatchObject({ taxableCents: 190400, vatCents: 0, totalCents: 190400, vatTreatment: 'outside_eu' });
    await payAndFulfil(demo, order);
    const invoice = await invoiceOf(order);
    const { pages } = await pdfOf('invoice', invoice.id, order.resellerId);
    const runs = pages.flatMap((p) => p.runs);
    expect(runs.map((r) => r.text)).toEqual(expect.arrayContaining(['Bright Voice Ltd', '12 Chapel Street', 'CT1 2EH Canterbury', 'United Kingdom', 'VAT ID GB123456789', 'Partner ID 100002']));
    expect(besides(runs, 'Partner discount (20 %)')).toEqual(['EUR -476.00']);
    expect(besides(runs, 'VAT 0 % (outside the scope of EU VAT)')).toEqual(['EUR 0.00']);
    expect(besides(runs, 'Total (EUR)')).toEqual(['EUR 1,904.00']);
    expect(allText(pages)).toContain("Outside the scope of EU VAT: place of supply is the customer's country.");

    // At home, 12.00 refunded of pricing.md's coupon example splits into 9.92 and 2.08 (taxable = 12.00 / 1.21, half up).
    const acme = await placeOrderOf(demo, 'demo', [WORKED], { upgrade: false, method: 'card' });
    await payAndFulfil(demo, acme);
    await demo.store.transaction((repos) => settlePayment(repos, demo.provider, {
      orderId: acme.id, method: 'card', providerRef: 'cs_acme', confirmedBy: null, at: new Date('2026-11-30T09:00:00Z'), today: '2026-11-30',
      payment: { outcome: 'partially_refunded', providerStatus: 'partially_refunded', amountCents: acme.totalCents, currency: 'EUR', refundedCents: 1200 },
    }));
    const credit = await demo.knex('credit_notes').where({ order_id: acme.id }).first();
    const creditRuns = (await pdfOf('credit_note', credit.id, acme.resellerId)).pages.flatMap((p) => p.runs);
    expect(besides(creditRuns, 'Taxable amount at 21 %')).toEqual(['EUR -9.92']);
    expect(besides(creditRuns, 'VAT 21 %')).toEqual(['EUR -2.08']);
    expect(besides(creditRuns, 'Total (EUR)')).toEqual(['EUR -12.00']);
  });

  it('a quote for the reseller\'s customer: its own prices and name, nothing of the distributor, the cart left as it is', async () => {
    // H3LT… is Professional 32 SC since the first test: 32 → 48 SC costs the same 600.00 a year, 328.77 for its 200 days.
    await fillCart(demo, 'demo', [WORKED], true, 48);
    const { user } = await demo.userNamed('demo');
    const cartBefore = await demo.knex('cart_lines').orderBy('seq').select('id', 'quote');
    const result = await demo.store.transaction((repos) => quoteForCustomer(repos, demo.provider, documents, {
      user, source: { kind: 'cart' }, pricing: { kind: 'markup', percentBp: 2000 }, customer: { company: 'Harbor Dental', contact: 'Dr. Hart' }, reference: 'Q-2026-17', today: demo.today, describeLine: t.describeLine,
    }));
    if (result.kind !== 'ok') throw new Error(`no quote: ${result.kind}`);
    expect(result.file.filename).toBe('Quote-Harbor-Dental-2026-11-26.pdf');
    const pages = await pdfPages(result.file.content);
    const runs = pages.flatMap((p) => p.runs);
    expect(runs.map((r) => r.text)).toEqual(expect.arrayContaining(['Quote', 'Acme Telecom B.V.', 'Stationsplein 45', '3511 ED Utrecht', 'VAT ID NL001234567B02', 'For', 'Harbor Dental', 'Attn. Dr. Hart']));
    expect(besides(runs, 'Quote reference')).toEqual(['Q-2026-17']);
    expect(besides(runs, 'Date')).toEqual(['2026-11-26']);
    expect(besides(runs, 'Valid until')).toEqual(['2026-12-26']);
    // pricing.md's list amounts plus 20 %: 2,380.00 → 2,856.00; 328.77 → 394.52.
    expect(besides(runs, '1', FIRST_COLUMN)).toEqual(['Professional 16 SC, 2 licenses, 2 years', '2', 'EUR 2,856.00']);
    expect(besides(runs, '2', FIRST_COLUMN)).toEqual([expect.stringMatching(/^Upgrade H3LT-9W2E-6RQ1-PK7V/), '1', 'EUR 394.52']);
    expect(besides(runs, 'Total (EUR, excl. VAT)')).toEqual(['EUR 3,250.52']);
    const text = allText(pages);
    for (const secret of ['Demo Distribution', 'Partner discount', 'partner discount', 'EUR 2,380.00', 'EUR 328.77', 'EUR 1,785.00', 'KvK', 'NL859652349B01', '25 %']) expect(text).not.toContain(secret);
    expect(await demo.knex('cart_lines').orderBy('seq').select('id', 'quote')).toEqual(cartBefore);
  });

  it('lists invoices and credit notes newest first, and puts a year of them in the statement CSV', async () => {
    const { user } = await demo.userNamed('demo');
    const page = await demo.store.transaction((repos) => repos.invoices.listFor(user.resellerId, { offset: 0, limit: 50 }));
    const kinds = page.items.map((e) => [e.kind, e.number.slice(0, 3), e.issuedOn]);
    expect(kinds[0]).toEqual(['credit_note', 'CN-', '2026-12-11']);
    expect(page.items.map((e) => e.issuedOn)).toEqual([...page.items.map((e) => e.issuedOn)].sort().reverse());
    expect(page.total).toBe(page.items.length);
    const credit = page.items.find((e) => e.kind === 'credit_note' && e.issuedOn === '2026-11-30')!;
    expect(credit).toMatchObject({ status: 'issued', totalCents: -1200, creditedInvoiceNumber: expect.stringMatching(/^INV-2026-/) });

    const statement = await demo.store.transaction((repos) => yearlyStatement(repos, { user, year: 2026, today: '2026-12-31' }));
    if (statement.kind !== 'ok') throw new Error(statement.kind);
    const csv = new TextDecoder().decode(statement.file.content).split('\r\n');
    expect(csv[0]).toBe('number,kind,date,order,taxable,vat_rate_percent,vat,total,currency,status,credits_invoice');
    expect(csv).toContain('INV-DEMO-0001,invoice,2026-08-23,,,,,719.95,EUR,paid,');
    expect(csv).toContainEqual(expect.stringMatching(/^INV-2026-\d{6},invoice,2026-11-26,\d+,1828\.42,21,383\.97,2212\.39,EUR,paid,$/));
    expect(csv).toContainEqual(expect.stringMatching(/^CN-2026-\d{6},credit note,2026-11-30,\d+,-9\.92,21,-2\.08,-12\.00,EUR,issued,INV-2026-\d{6}$/));
    expect(csv).toContainEqual(expect.stringMatching(/^CN-2026-\d{6},credit note,2026-12-11,\d+,-1785\.00,21,-374\.85,-2159\.85,EUR,issued,INV-2026-\d{6}$/));
    expect(csv.at(-1)).toBe('');
    expect(statement.entries).toBe(csv.length - 2);
  });

  it('has no PDF for another reseller\'s document, nor for an invoice imported without its details', async () => {
    const { user: bright } = await demo.userNamed('bright');
    const acmeInvoice = await demo.knex('invoices').where({ number: 'INV-2026-000001' }).first();
    expect(await documents.invoicePdf(bright.resellerId, { kind: 'invoice', id: acmeInvoice.id })).toBeUndefined();
    const imported = await demo.knex('invoices').where({ number: 'INV-DEMO-0001' }).first();
    expect(await documents.invoicePdf(imported.reseller_id, { kind: 'invoice', id: imported.id })).toBeUndefined();
    expect(await documents.invoicePdf(bright.resellerId, { kind: 'credit_note', id: 'not-an-id' })).toBeUndefined();
  });
});
