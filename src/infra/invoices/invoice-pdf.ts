// The invoice as a PDF, with everything an EU VAT invoice must state (Directive 2006/112/EC,
// art. 226): number and dates, seller and buyer with their addresses and VAT IDs, the lines,
// the taxable amount, rate and VAT, the total, the VAT mention, and how and when to pay.
import type { Knex } from 'knex';
import type { BankAccount } from '../../domain/dashboard/dashboard';
import type { PaymentMethod } from '../../domain/orders/order';
import { formatMoney } from '../../domain/pricing/money';
import type { VatTreatment } from '../../domain/tax/vat-treatment';
import { loadInvoiceDocument, type InvoiceDocument } from './invoice-document';
import {
  COLOR, FONT, Flow, addressLines, drawFacts, drawFigures, drawFooters, drawParagraph, drawParts, drawTable, measureParts, newDocument, percent,
  type PdfOptions, type TextPart,
} from './pdf-layout';

export interface InvoicePdfOptions extends PdfOptions {
  /** The keys came from the sandbox license provider: every page says that 3CX did not issue them. */
  sandbox?: boolean;
}

export const SANDBOX_WARNING = 'Sandbox license keys: not issued by 3CX';

export const PAYMENT_METHODS = { offline: 'Bank transfer', card: 'Card', multisafepay: 'MultiSafepay' } satisfies Record<PaymentMethod, string>;
/** The same, within a sentence ("paid … by bank transfer"). */
const PAID_BY = { offline: 'bank transfer', card: 'card', multisafepay: 'MultiSafepay' } satisfies Record<PaymentMethod, string>;
const STATUS = { paid: { label: 'PAID', color: COLOR.paid }, unpaid: { label: 'UNPAID', color: COLOR.warn }, void: { label: 'CANCELLED', color: COLOR.warn } } as const;

/** "VAT 21 %", "VAT 0 % (reverse charged)": the VAT row of a document of `treatment`. */
export function vatLabel(treatment: VatTreatment, rateBp: number): string {
  const why = treatment === 'reverse_charge' ? ' (reverse charged)' : treatment === 'outside_eu' ? ' (outside the scope of EU VAT)' : '';
  return `VAT ${percent(rateBp)}${why}`;
}

/**
 * Renders an invoice as an A4 PDF: seller and buyer, the dates and the payment, a table of the
 * lines, the figures from list total to total, the VAT mention and the seller's bank accounts.
 * Every amount is the stored cents through formatMoney; nothing is recomputed.
 */
export function renderInvoicePdf(invoice: InvoiceDocument, options: InvoicePdfOptions = {}): Promise<Buffer> {
  const { details } = invoice;
  const { doc, pdf } = newDocument({ title: `Invoice ${invoice.number}`, author: details.seller.legalName, subject: `Order ${details.orderNumber}`, date: invoice.issuedOn }, options);
  const flow = new Flow(doc, (f) => {
    f.text(`Invoice ${invoice.number} (continued)`, f.left, f.y, f.width, { font: FONT.bold, size: 10 });
    f.y += 24;
  });
  const status = STATUS[invoice.status];
  drawHeading(flow, 'Invoice', { label: status.label, color: status.color }, details.seller);
  drawPartiesAndFacts(flow, invoice);
  drawLines(flow, invoice);
  drawTotals(flow, invoice);
  drawPayment(flow, invoice);
  drawFooters(doc, `${details.seller.legalName} · Invoice ${invoice.number}`, options.sandbox ? SANDBOX_WARNING : undefined);
  doc.end();
  return pdf;
}

/**
 * The invoice PDF of an order, named after the invoice number, for the notifications job
 * (`JobDeps.invoicePdf`); undefined when the order has no invoice.
 */
export function invoicePdfFor(knex: Knex, options: InvoicePdfOptions = {}): (orderId: string) => Promise<{ filename: string; content: Buffer } | undefined> {
  return async (orderId) => {
    const invoice = await loadInvoiceDocument(knex, orderId);
    if (!invoice) return undefined;
    return { filename: fileNameOf(invoice.number), content: await renderInvoicePdf(invoice, options) };
  };
}

/** A document's file name: its number, with nothing a file system could mind. */
export function fileNameOf(number: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

/** The seller as the head of a document: its legal name, address, VAT ID and register number, on the right. */
export function sellerParts(seller: InvoiceDocument['details']['seller']): TextPart[] {
  return [
    { text: seller.legalName, style: { font: FONT.bold, size: 13 }, gap: 3 },
    ...addressLines(seller.address).map((text) => ({ text, style: { size: 8.5 } })),
    ...(seller.vatId ? [{ text: `VAT ID ${seller.vatId}`, style: { size: 8.5 } }] : []),
    ...(seller.chamberOfCommerce ? [{ text: `Chamber of commerce ${seller.chamberOfCommerce}`, style: { size: 8.5 } }] : []),
  ];
}

/** The title and its status on the left, the seller on the right. */
export function drawHeading(flow: Flow, title: string, status: { label: string; color: string } | null, seller: InvoiceDocument['details']['seller']): void {
  const half = flow.width / 2;
  const top = flow.y;
  flow.text(title, flow.left, top, half, { font: FONT.bold, size: 24 });
  if (status) flow.text(status.label, flow.left, top + 32, half, { font: FONT.bold, size: 10, color: status.color });
  const right = drawParts(flow, sellerParts(seller).map((p) => ({ ...p, style: { ...p.style, align: 'right' as const } })), flow.left + half, top + 4, half);
  flow.y = top + Math.max(62, right + 18);
}

/** The buyer, under "Bill to", for the right column. */
export function buyerParts(buyer: InvoiceDocument['details']['buyer'], heading = 'Bill to'): TextPart[] {
  return [
    { text: heading, style: { size: 8, color: COLOR.muted }, gap: 2 },
    { text: buyer.legalName, style: { font: FONT.bold, size: 11 }, gap: 3 },
    ...addressLines(buyer.address).map((text) => ({ text, gap: 1 })),
    ...(buyer.address ? [] : [{ text: `Country ${buyer.country}`, gap: 1 }]),
    ...(buyer.vatId ? [{ text: `VAT ID ${buyer.vatId}`, gap: 1 }] : []),
    { text: `Partner ID ${buyer.partnerId}`, gap: 1 },
  ];
}

/** Facts on the left, the buyer on the right. */
export function drawFactsAndBuyer(flow: Flow, facts: ReadonlyArray<readonly [string, string]>, buyer: TextPart[]): void {
  const half = flow.width / 2;
  const left = drawFacts(flow, facts, flow.left, flow.y, half - 12);
  const right = drawParts(flow, buyer, flow.left + half + 24, flow.y, half - 24);
  flow.y += Math.max(left, right) + 22;
}

function drawPartiesAndFacts(flow: Flow, invoice: InvoiceDocument): void {
  const { details } = invoice;
  const facts: Array<[string, string]> = [
    ['Invoice number', invoice.number],
    ['Issue date', invoice.issuedOn],
    ['Date of supply', invoice.suppliedOn ?? (invoice.status === 'void' ? 'none (cancelled)' : 'on receipt of payment')],
    ...(invoice.paidOn ? [['Paid on', invoice.paidOn] as [string, string]] : []),
    ...(invoice.status === 'unpaid' && invoice.dueOn ? [['Due date', invoice.dueOn] as [string, string]] : []),
    ['Order number', String(details.orderNumber)],
    ['Payment method', PAYMENT_METHODS[details.paymentMethod]],
    ['Payment reference', details.paymentReference],
  ];
  drawFactsAndBuyer(flow, facts, buyerParts(details.buyer));
}

function drawLines(flow: Flow, invoice: InvoiceDocument): void {
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const keyStyle = { font: FONT.key, size: 8 };
  const rows = invoice.details.lines.map((line) => {
    const keys = line.licenseKey ? [line.licenseKey] : invoice.issuedKeys[line.position] ?? [];
    const description: TextPart[] = [
      { text: line.description, gap: 2 },
      ...(line.endCustomer ? [{ text: `For ${line.endCustomer}`, style: { size: 8, color: COLOR.muted }, gap: 2 }] : []),
      ...keys.map((key) => ({ text: key, style: keyStyle, gap: 1 })),
      ...(keys.length === 0 && line.kind === 'new_license' && invoice.status !== 'void' ? [{ text: 'Keys are issued on payment', style: { size: 8, color: COLOR.muted } }] : []),
    ];
    return [[{ text: String(line.position) }], description, [{ text: String(line.quantity) }], [{ text: money(line.unitListCents) }], [{ text: money(line.listCents) }], [{ text: money(line.partnerDiscountCents) }], [{ text: money(line.netCents) }]];
  });
  drawTable(flow, [
    { title: '#', width: 20, align: 'left' },
    { title: 'Description', align: 'left' },
    { title: 'Qty', width: 28, align: 'right' },
    { title: 'Unit list price', width: 70, align: 'right', amount: true },
    { title: 'List', width: 70, align: 'right', amount: true },
    { title: 'Partner discount', width: 70, align: 'right', amount: true },
    { title: 'Net', width: 70, align: 'right', amount: true },
  ], rows);
}

function drawTotals(flow: Flow, invoice: InvoiceDocument): void {
  const f = invoice.details.figures;
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const hasCoupon = f.couponCode !== null || f.couponCents > 0;
  // Reductions are written as differences ("EUR -677.19"), so that the column adds up.
  drawFigures(flow, [
    { label: 'List total', amount: money(f.listCents) },
    { label: `Partner discount (${percent(f.partnerDiscountBp)})`, amount: money(-f.partnerDiscountCents) },
    { label: 'Subtotal', amount: money(f.subtotalCents) },
    ...(hasCoupon ? [{ label: `Coupon ${f.couponCode ?? ''}`.trim(), amount: money(-f.couponCents) }] : []),
    { label: `Taxable amount at ${percent(f.vatRateBp)}`, amount: money(f.taxableCents) },
    { label: vatLabel(invoice.details.vat.treatment, f.vatRateBp), amount: money(f.vatCents) },
  ], { label: `Total (${invoice.currency})`, amount: money(f.totalCents) });
  if (invoice.details.vat.mention) drawParagraph(flow, invoice.details.vat.mention, { font: FONT.bold, size: 9 });
}

function drawPayment(flow: Flow, invoice: InvoiceDocument): void {
  const { details } = invoice;
  const money = (cents: number) => formatMoney(cents, invoice.currency);
  const credits = invoice.creditNotes.map((c) => `${c.number} of ${c.issuedOn} (${money(c.totalCents)})`).join(', ');
  if (invoice.status === 'void') {
    drawParagraph(flow, `Cancelled by credit note ${credits || '(see your credit notes)'}: nothing is to be paid.`, { font: FONT.bold, color: COLOR.warn });
    return;
  }
  if (invoice.status === 'paid' && invoice.paidOn) {
    drawParagraph(flow, `Paid in full on ${invoice.paidOn} by ${PAID_BY[details.paymentMethod]}, payment reference ${details.paymentReference}.`, { color: COLOR.muted });
  }
  if (invoice.status === 'unpaid') {
    const due = invoice.dueOn ? ` by ${invoice.dueOn}` : '';
    drawParagraph(flow, `Please pay ${money(invoice.totalCents)}${due} by bank transfer to the account below, with the payment reference ${details.paymentReference}.`, { font: FONT.bold });
  }
  if (credits) drawParagraph(flow, `Credited by ${credits}.`, { color: COLOR.muted });
  drawBankAccounts(flow, invoice);
}

function drawBankAccounts(flow: Flow, invoice: InvoiceDocument): void {
  const { seller } = invoice.details;
  const { bankAccounts } = seller;
  // A note without an account ("pay by card from the checkout") says nothing on an issued invoice.
  const accounts = [bankAccounts.local, bankAccounts.international, bankAccounts.online].filter(
    (a): a is BankAccount => a !== undefined && Boolean(a.iban ?? a.bic ?? a.bank ?? a.holder),
  );
  if (accounts.length === 0) return;
  const gap = 18;
  const width = (flow.width - gap * (accounts.length - 1)) / accounts.length;
  const blocks = accounts.map((a): TextPart[] => [
    { text: a.label, style: { font: FONT.bold, size: 8.5 } },
    ...[
      ...(a.holder ? [`Account holder: ${a.holder}`] : []),
      ...(a.iban ? [`IBAN: ${a.iban}`] : []),
      ...(a.bic ? [`BIC: ${a.bic}`] : []),
      ...(a.bank ? [`Bank: ${a.bank}`] : []),
      ...(a.note ? [a.note] : []),
    ].map((text) => ({ text, style: { size: 8.5, color: COLOR.muted } })),
  ]);
  const height = Math.max(...blocks.map((b) => measureParts(flow, b, width)));
  flow.room(16 + height + 4);
  flow.text(`${seller.legalName}: bank accounts`, flow.left, flow.y, flow.width, { font: FONT.bold, size: 9 });
  flow.y += 14;
  flow.rule(flow.y - 2);
  flow.y += 4;
  blocks.forEach((block, i) => drawParts(flow, block, flow.left + i * (width + gap), flow.y, width));
  flow.y += height + 4;
}
